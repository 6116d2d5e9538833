import pg from 'pg'
import { DATE_OID, type Db, INT8_OID, keepText, parseInt8, type Sql } from './db.js'

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return parseInt8
    if (oid === DATE_OID) return keepText
    return pg.types.getTypeParser(oid, format)
  }) as typeof pg.types.getTypeParser,
}

/** `postgres://…` without its password, for logs and /api/health. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url)
    u.password = ''
    return `${u.host}${u.pathname}`
  } catch {
    return 'postgres'
  }
}

/**
 * A PostgreSQL server through a pool of `max` connections (node-postgres). A transaction holds one client
 * from BEGIN to COMMIT; with the default synchronous_commit, COMMIT returns once the WAL is on disk.
 */
export async function openPostgres(url: string, max = 8): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, types })
  // A pool's idle client that loses its server emits 'error'; the next query gets a fresh one.
  pool.on('error', () => {})
  await pool.query('SELECT 1')
  const wrap = (c: pg.Pool | pg.PoolClient): Sql => ({
    query: async <R>(text: string, params?: unknown[]) => ({
      rows: (await c.query(text, params)).rows as R[],
    }),
    exec: async (text) => {
      await c.query(text)
    },
  })
  const top = wrap(pool)
  return {
    kind: 'postgres',
    where: safeUrl(url),
    ...top,
    async tx(fn) {
      const client = await pool.connect()
      let broken = false
      try {
        await client.query('BEGIN')
        const out = await fn(wrap(client))
        await client.query('COMMIT')
        return out
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true // the connection is gone: the pool must not hand it out again
        })
        throw err
      } finally {
        client.release(broken)
      }
    },
    listen: (channel, fn) => listenOn(url, channel, fn),
    close: () => pool.end(),
  }
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to others), connected again 2 s after it
 * is lost: a notification sent while it was away is missed, which a live screen makes good at its next one.
 */
async function listenOn(url: string, channel: string, fn: (payload: string) => void) {
  let client: pg.Client | null = null
  let stopped = false
  let retry: NodeJS.Timeout | null = null
  const connect = async () => {
    const c = new pg.Client({ connectionString: url })
    c.on('notification', (n) => {
      if (n.channel === channel) fn(n.payload ?? '')
    })
    c.on('error', () => {
      if (stopped) return
      client = null
      c.end().catch(() => {})
      retry = setTimeout(() => void connect().catch(() => {}), 2000)
    })
    await c.connect()
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    client = c
  }
  await connect()
  return async () => {
    stopped = true
    if (retry) clearTimeout(retry)
    await client?.end().catch(() => {})
  }
}
