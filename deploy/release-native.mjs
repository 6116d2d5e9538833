// The native parts of a release: every compiled addon among the production packages must be a prebuilt binary
// for the target (a station has no compiler and npm 11 runs no install scripts), loadable by any Node of the
// release's range (N-API). Other platforms' prebuilds are removed from the release.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

/** ELF e_machine of each target (System V ABI): what the .node files must be built for. */
const MACHINE = { x64: 62, arm64: 183 }

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}

/** The folder of the package a file belongs to: the path up to the last node_modules/<name> (or @scope/name). */
function packageOf(nodeModules, file) {
  const parts = relative(nodeModules, file).split(sep)
  let end = 0
  for (let i = 0; i < parts.length; i++) {
    if (i === 0 || parts[i - 1] === 'node_modules') end = parts[i]?.startsWith('@') ? i + 2 : i + 1
  }
  return join(nodeModules, ...parts.slice(0, end))
}

/**
 * Keeps only linux-<arch> glibc prebuilds, then checks every .node file and binding.gyp. Throws naming the
 * package that would need a build on the station. Returns what the manifest says about native code.
 */
export function checkNative(nodeModules, arch) {
  const keep = `linux-${arch}`
  for (const file of walk(nodeModules).filter((f) => f.endsWith(`${sep}binding.gyp`))) {
    const pkg = packageOf(nodeModules, file)
    const prebuilds = join(pkg, 'prebuilds')
    if (!existsSync(join(prebuilds, keep)))
      throw new Error(
        `${relative(nodeModules, pkg)} has no prebuilt binary for ${keep}: it would need a compiler`,
      )
    for (const dir of readdirSync(prebuilds))
      if (dir !== keep) rmSync(join(prebuilds, dir), { recursive: true })
    // Debian and Raspberry Pi OS use glibc.
    for (const f of readdirSync(join(prebuilds, keep)))
      if (f.includes('.musl.')) rmSync(join(prebuilds, keep, f))
  }
  const native = []
  for (const file of walk(nodeModules).filter((f) => f.endsWith('.node'))) {
    const rel = relative(nodeModules, file)
    const head = readFileSync(file).subarray(0, 20)
    const machine = head.readUInt16LE(18)
    if (head.readUInt32BE(0) !== 0x7f454c46 || machine !== MACHINE[arch])
      throw new Error(`${rel} is not a Linux ${arch} binary (ELF machine ${machine})`)
    const pkgDir = packageOf(nodeModules, file)
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
    native.push({
      package: pkg.name,
      version: pkg.version,
      file: `node_modules/${rel.split(sep).join('/')}`,
      // prebuildify names an ABI-specific build <name>.abi<N>.node; an N-API build has no ABI in its name.
      napi: !/\.abi\d+\./.test(file),
      prebuilt: true,
    })
  }
  for (const n of native)
    if (!n.napi) throw new Error(`${n.file} is built for one Node ABI only: a Node upgrade would break it`)
  return native
}
