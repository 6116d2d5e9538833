import type { Db } from './db.js'
import { MIGRATIONS, type Migration } from './migrations.js'

/** Any number, the same in every instance: two instances starting at once take turns. */
const LOCK_KEY = 7_211_011

/**
 * Brings the schema up to date: the migrations not yet applied run in order in one transaction, each with
 * its row in schema_migrations, so a failed one leaves the schema as it was. A database newer than this code
 * (a version it does not know) refuses the start.
 */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  const applied: number[] = []
  await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY])
    const { rows } = await q.query<{ version: number }>('SELECT version FROM schema_migrations')
    const have = new Set(rows.map((r) => r.version))
    const known = new Set(migrations.map((m) => m.version))
    const unknown = [...have].filter((v) => !known.has(v))
    if (unknown.length > 0)
      throw new Error(
        `the database has schema version ${Math.max(...unknown)}, newer than this central service knows (${Math.max(...known)}): run the newer release`,
      )
    for (const m of migrations) {
      if (have.has(m.version)) continue
      await q.exec(m.sql)
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied.push(m.version)
    }
  })
  return applied
}
