import type { Db } from './db.js'
import { migrate } from './migrate.js'
import { openPglite } from './pglite.js'
import { openPostgres } from './postgres.js'

/** `postgres://…` for a server, else PGlite in `dataDir` (null: in memory, for tests). Migrated. */
export async function openDatabase(opts: { url?: string | null; dataDir: string | null }): Promise<Db> {
  const db = opts.url ? await openPostgres(opts.url) : await openPglite(opts.dataDir)
  try {
    await migrate(db)
  } catch (err) {
    await db.close()
    throw err
  }
  return db
}
