import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The embedded database (PGlite) is one process's: a second one opening the same folder would corrupt it.
 * The service holds `<dataDir>/central.lock` (its pid) while it runs; the CLI and a second service refuse
 * to open the folder then. A lock whose process is gone (kill -9) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true })
  const file = join(dataDir, 'central.lock')
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' })
      return () => rm(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const pid = Number(await readFile(file, 'utf8').catch(() => ''))
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
      throw new Error(
        `the central service (pid ${pid}) has ${dataDir} open; stop it first, or register stations with POST /api/stations`,
      )
    await rm(file, { force: true })
  }
}
