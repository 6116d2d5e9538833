import { mkdir } from 'node:fs/promises'
import type { PGlite } from '@electric-sql/pglite'
import { DATE_OID, type Db, INT8_OID, keepText, parseInt8, type Sql } from './db.js'

/**
 * PGlite in a data folder. It is one connection in this process, so transactions take turns (a promise
 * chain); BEGIN and COMMIT are top-level queries, each of which PGlite finishes with its file-system sync
 * (its `transaction()` does not sync after COMMIT: electric-sql/pglite#1065). Its Node file system writes
 * through to the kernel but has no fsync, so a committed transaction survives the process being killed, not
 * a power cut: a district of record runs PostgreSQL (docs/central.md).
 */
export async function openPglite(dataDir: string | null): Promise<Db> {
  const { PGlite } = await loadPglite()
  if (dataDir) await mkdir(dataDir, { recursive: true })
  const pg: PGlite = await PGlite.create(dataDir ?? 'memory://', {
    parsers: { [INT8_OID]: parseInt8, [DATE_OID]: keepText },
    // PostgreSQL's 128 MB default buffer pool is resident memory in WebAssembly (measured: 359 MB RSS at
    // open with it, 229 MB with 16 MB). Pages it does not hold are a read from the kernel's page cache away.
    postgresqlconf: ['shared_buffers = 32MB'],
  })
  let turn: Promise<unknown> = Promise.resolve()
  const mine = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn)
    turn = run.catch(() => {})
    return run
  }
  const sql: Sql = {
    query: async <R>(text: string, params?: unknown[]) => ({
      rows: (await pg.query<R>(text, params)).rows,
    }),
    exec: async (text) => {
      await pg.exec(text)
    },
  }
  return {
    kind: 'pglite',
    where: dataDir ?? 'memory',
    query: (text, params) => mine(() => sql.query(text, params)),
    exec: (text) => mine(() => sql.exec(text)),
    tx: (fn) =>
      mine(async () => {
        await pg.query('BEGIN')
        try {
          const out = await fn(sql)
          await pg.query('COMMIT')
          return out
        } catch (err) {
          await pg.query('ROLLBACK').catch(() => {})
          throw err
        }
      }),
    listen: (channel, fn) =>
      mine(async () => {
        const stop = await pg.listen(channel, fn)
        return () => mine(() => stop())
      }),
    close: () => mine(() => pg.close()),
  }
}

/**
 * PGlite is loaded when the district service asks for it: a station never does, and a station's release
 * archive leaves it out (27 MB; deploy/release.mjs).
 */
async function loadPglite(): Promise<typeof import('@electric-sql/pglite')> {
  try {
    return await import('@electric-sql/pglite')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err
    throw new Error(
      "The embedded database (PGlite) is not installed here: a station's release leaves it out. Give the district service a PostgreSQL server with --db postgres://… (or $CENTRAL_DB), or run it from a checkout after npm ci (docs/central.md).",
    )
  }
}
