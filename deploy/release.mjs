// `npm run release`: builds the hub once into a versioned archive a station installs without a build or the
// npm registry (deploy/install.sh). Plain Node, no dependencies. For each target (linux-x64, linux-arm64):
//   red-station-hub-<version>-linux-<arch>.tar.gz         the release: dist/ (server and pages), the production
//                                                         node_modules (less what only the district's central
//                                                         service uses), deploy/, docs/, manifest.json, SHA256SUMS
//   red-station-hub-<version>-linux-<arch>.tar.gz.sha256  its checksum, in sha256sum's format
//   red-station-hub-<version>-linux-<arch>.json           the manifest with the archive's size and checksum
// Options: --arch x64|arm64|all (all)  --out DIR (release/)  --version V (package version-commit)
//          --no-build (package the checkout's dist/ as it is)
// The build goes to a folder of its own, so the checkout's dist/ (served by tests running meanwhile) is untouched.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { checkNative } from './release-native.mjs'

const repo = fileURLToPath(new URL('..', import.meta.url))
const { values: opts } = parseArgs({
  options: {
    arch: { type: 'string', default: 'all' },
    out: { type: 'string', default: join(repo, 'release') },
    version: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
})
const ARCHES = { x64: 'x64', arm64: 'arm64' }
const arches = opts.arch === 'all' ? Object.keys(ARCHES) : [opts.arch]
for (const a of arches) if (!(a in ARCHES)) fail(`--arch ${a}: expected x64, arm64 or all`)

function fail(message) {
  console.error(`release: ${message}`)
  process.exit(1)
}

function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  })
}

// safe.directory: the checkout may belong to another user (a CI or build account); its code is built and run
// here anyway, so reading its commit adds no trust.
function git(...args) {
  try {
    return run('git', ['-c', 'safe.directory=*', ...args], { stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))
const commit = git('rev-parse', 'HEAD') ?? 'unknown'
const dirty = commit !== 'unknown' && git('status', '--porcelain', '--untracked-files=no') !== ''
const version = opts.version ?? `${pkg.version}-${commit.slice(0, 7)}${dirty ? '-dirty' : ''}`
if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/.test(version))
  fail(`version "${version}": letters, digits, . + _ - only`)
// Files in the archive carry the commit's time, so two builds of one commit give the same bytes.
const mtime = Number(git('log', '-1', '--format=%ct') ?? Math.floor(Date.now() / 1000))

mkdirSync(opts.out, { recursive: true })
const stage = mkdtempSync(join(opts.out, '.stage-'))
process.on('exit', () => rmSync(stage, { recursive: true, force: true }))

// 1. The server and the pages, built once for every target (JavaScript; the only native code is below).
const dist = join(stage, 'dist')
if (opts['no-build']) {
  for (const part of ['server', 'devices', 'kiosk']) {
    const from = join(repo, 'dist', part)
    if (!statSync(from, { throwIfNoEntry: false })) fail(`--no-build: ${from} is missing (npm run build)`)
    cpSync(from, join(dist, part), { recursive: true })
  }
} else {
  console.log('release: building the server (tsc) and the pages (vite)')
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', dist], {
    stdio: 'inherit',
  })
  run(
    process.execPath,
    // --configLoader runner: the config is read in place, nothing written into node_modules (a checkout may
    // be read-only to whoever builds the release).
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'kiosk-ui/vite.config.ts',
      '--configLoader',
      'runner',
    ].concat(['--outDir', join(dist, 'kiosk'), '--emptyOutDir', '--logLevel', 'warn']),
    { stdio: 'inherit' },
  )
}

// 2. The production packages, as `npm ls --omit=dev` sees them in this checkout: copied, not downloaded.
// Left out: what only the district's central service uses (it runs from a checkout, docs/central.md), so a
// station downloads and unpacks less. PGlite alone is 27 MB unpacked, 8.6 MB of the archive.
const DISTRICT_ONLY = ['@electric-sql/pglite']
const districtOnly = (dir) => DISTRICT_ONLY.some((p) => relative(repo, dir) === join('node_modules', p))
const listed = run('npm', ['ls', '--omit=dev', '--all', '--parseable'])
  .split('\n')
  .filter((p) => p && p !== repo.replace(/\/$/, ''))
const packageDirs = listed.filter((dir) => !districtOnly(dir))
for (const p of DISTRICT_ONLY)
  if (!listed.some((dir) => relative(repo, dir) === join('node_modules', p)))
    fail(`${p} is no longer a production package: take it off DISTRICT_ONLY in deploy/release.mjs`)

function copyPackages(into) {
  for (const dir of packageDirs) {
    cpSync(dir, join(into, relative(repo, dir)), {
      recursive: true,
      // A package's own node_modules holds other packages, which are in the list themselves (or are dev-only).
      filter: (src) => !relative(dir, src).split(sep).includes('node_modules'),
    })
  }
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex')

for (const arch of arches) {
  const name = `red-station-hub-${version}`
  const top = join(stage, name)
  rmSync(top, { recursive: true, force: true })
  cpSync(dist, join(top, 'dist'), { recursive: true })
  for (const f of ['package.json', 'package-lock.json', 'README.md']) cpSync(join(repo, f), join(top, f))
  for (const d of ['deploy', 'docs']) cpSync(join(repo, d), join(top, d), { recursive: true })
  copyPackages(top)
  const native = checkNative(join(top, 'node_modules'), arch)

  const files = walk(top)
    .map((f) => relative(top, f))
    .sort()
  const sums = files.map((f) => `${sha256(readFileSync(join(top, f)))}  ${f}`).join('\n')
  writeFileSync(join(top, 'SHA256SUMS'), `${sums}\n`)
  const manifest = {
    name: 'red-station-hub',
    version,
    commit,
    dirty,
    builtAt: new Date().toISOString(),
    platform: 'linux',
    arch,
    node: {
      engines: pkg.engines?.node,
      builtWith: process.version,
      // The ABI of the Node that built it; the native parts below are N-API, so any Node 20.19+ loads them.
      abi: Number(process.versions.modules),
      napi: Number(process.versions.napi),
    },
    native,
    // Not in this archive: only the district's central service uses them.
    omitted: DISTRICT_ONLY,
    files: files.length,
    sha256sums: sha256(`${sums}\n`),
  }
  writeFileSync(join(top, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)

  const archive = join(opts.out, `${name}-linux-${arch}.tar.gz`)
  run('tar', [
    '--sort=name',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    `--mtime=@${mtime}`,
    '-I',
    'gzip -9n',
    '-cf',
    archive,
    '-C',
    stage,
    name,
  ])
  const bytes = statSync(archive).size
  const sum = sha256(readFileSync(archive))
  writeFileSync(`${archive}.sha256`, `${sum}  ${basename(archive)}\n`)
  const sideManifest = { ...manifest, archive: { file: basename(archive), bytes, sha256: sum } }
  writeFileSync(
    join(dirname(archive), `${name}-linux-${arch}.json`),
    `${JSON.stringify(sideManifest, null, 2)}\n`,
  )
  console.log(`release: ${archive} (${(bytes / 1024 / 1024).toFixed(1)} MiB, sha256 ${sum})`)
  rmSync(top, { recursive: true, force: true })
}
