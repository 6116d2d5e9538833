import { execFile } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const repo = fileURLToPath(new URL('../../', import.meta.url))

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/** Builds the kiosk once before the browser tests, unless dist/kiosk is newer than its sources. */
export default async function setup(): Promise<void> {
  const built = join(repo, 'dist/kiosk/index.html')
  if (existsSync(built) && statSync(built).mtimeMs > newestMtime(join(repo, 'kiosk-ui'))) return
  await promisify(execFile)(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'kiosk-ui/vite.config.ts'],
    {
      cwd: repo,
      timeout: 180_000,
    },
  )
}
