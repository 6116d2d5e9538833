import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Makes another release from `archive`, as `npm run release --version <version>` would have, with `change`
 * applied to its unpacked folder first (for a release that never becomes healthy). Its SHA256SUMS and
 * .sha256 are made anew, so install.sh takes it as a sound release.
 */
export async function relabel(
  archive: string,
  version: string,
  change?: (dir: string) => Promise<void>,
): Promise<string> {
  const tmp = await mkdtemp(join(dirname(archive), '.relabel-'))
  try {
    await run('tar', ['-xzf', archive, '-C', tmp])
    const [top] = await readdir(tmp)
    const dir = join(tmp, `red-station-hub-${version}`)
    await rename(join(tmp, top as string), dir)
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    manifest.version = version
    await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    if (change) {
      await change(dir)
      const files = (
        await run('find', ['.', '-type', 'f', '!', '-name', 'SHA256SUMS', '!', '-name', 'manifest.json'], {
          cwd: dir,
        })
      ).stdout
        .split('\n')
        .filter(Boolean)
        .map((f) => f.slice(2))
        .sort()
      const { stdout } = await run('sha256sum', ['--', ...files], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })
      await writeFile(join(dir, 'SHA256SUMS'), stdout)
    }
    const out = join(dirname(archive), `red-station-hub-${version}-${basename(archive).split('-linux-')[1]}`)
    await run('tar', ['-czf', out, '-C', tmp, basename(dir)])
    const { stdout } = await run('sha256sum', [basename(out)], { cwd: dirname(out) })
    await writeFile(`${out}.sha256`, stdout)
    return out
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}
