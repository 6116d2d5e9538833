import { createHash } from 'node:crypto'
import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../../server/central/db/open.js'

const pgliteVersion = async () =>
  JSON.parse(
    await readFile(
      fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)),
      'utf8',
    ),
  ).version as string

/**
 * A fresh PGlite database costs an initdb in WebAssembly (4 s on an idle 2-core box, 20 s on a busy one);
 * opening an existing folder costs under one. So the central tests make one migrated database folder per
 * PGlite version and schema (a hash of the migrations), shared by the test files of a run and by later runs
 * in the temp folder, and each test copies it into its own data folder as `db/`. The central service then
 * opens it as it would its own: the same code path, minus the initdb.
 */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  const { MIGRATIONS } = await import('../../server/central/db/migrations.js')
  const schema = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12)
  const template = join(tmpdir(), `rsh-pglite-${await pgliteVersion()}-${schema}`)
  try {
    await readFile(join(template, 'PG_VERSION'))
  } catch {
    const building = `${template}.${process.pid}.${Date.now()}`
    const db = await openDatabase({ dataDir: building })
    await db.close()
    // Atomic: a concurrent maker's rename wins or ours does; both folders are whole.
    await rename(building, template).catch(() => rm(building, { recursive: true, force: true }))
  }
  await mkdir(dataDir, { recursive: true })
  await cp(template, join(dataDir, 'db'), { recursive: true })
}
