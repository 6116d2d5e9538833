import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const TEXT = /\.(js|css|html|svg|json|txt)$/
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024

const br = promisify(brotliCompress)
const gz = promisify(gzip)

/**
 * After the build, writes `<file>.br` (brotli, best) and `<file>.gz` (gzip -9) beside each text file of the
 * output, so the hub serves them precompressed (@fastify/static `preCompressed`) and a Pi spends no CPU on
 * compressing per request.
 */
export function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'redstation-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      for (const name of await readdir(outDir, { recursive: true })) {
        const path = join(outDir, name)
        if (!TEXT.test(name) || (await stat(path)).size < MIN_BYTES) continue
        const data = await readFile(path)
        await writeFile(`${path}.br`, await br(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
        await writeFile(`${path}.gz`, await gz(data, { level: 9 }))
      }
    },
  }
}
