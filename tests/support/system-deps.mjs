// Checks for the Debian packages the tests need (a real Mosquitto, socat for pseudo-terminals, Chromium and a
// CJK font for the end-to-end tests, systemd's tools for tests/deploy (systemd-notify, systemd-analyze and
// systemctl, which work without systemd running, as in a container), PostgreSQL and openssl for the central
// service's) and, as root with apt-get, installs the missing ones. Plain Node, no deps:
// it runs first in `npm test`, before anything is compiled. With --bench (first in `npm run bench`) it also
// wants wrk, the load generator of the checkins bench.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
const POLICY_RC_D = '/usr/sbin/policy-rc.d'

/** The first executable named `name` in PATH or in the extra folders (Debian puts daemons in /usr/sbin). */
function which(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs]
  for (const dir of dirs) {
    const file = join(dir, name)
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {}
  }
  return null
}

function hasCjkFont() {
  if (existsSync(CJK_FONT_FILE)) return true
  if (!which('fc-list')) return false
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim() !== ''
}

/** Debian puts PostgreSQL's server programs in /usr/lib/postgresql/<major>/bin, outside PATH. */
function hasPostgres() {
  try {
    return readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
  } catch {
    return which('initdb') !== null && which('postgres') !== null
  }
}

const forBench = process.argv.includes('--bench')
const what = forBench ? 'the benchmarks' : 'the tests'

/** What is missing, as Debian package names (in a stable order). */
function missingPackages() {
  const out = []
  if (forBench && !existsSync('/usr/bin/wrk')) out.push('wrk')
  if (!which('mosquitto', ['/usr/sbin', '/usr/local/sbin'])) out.push('mosquitto')
  if (!which('mosquitto_pub')) out.push('mosquitto-clients')
  if (!which('socat')) out.push('socat')
  if (!existsSync('/usr/bin/chromium')) out.push('chromium')
  if (!which('systemd-analyze') || !which('systemd-notify') || !which('systemctl')) out.push('systemd')
  // The central service's tests: a throwaway PostgreSQL cluster, and a throwaway CA for the broker's TLS.
  if (!hasPostgres()) out.push('postgresql')
  if (!which('openssl')) out.push('openssl')
  if (!hasCjkFont()) {
    out.push('fonts-noto-cjk')
    if (!which('fc-list')) out.push('fontconfig')
  }
  return out
}

function mosquittoPids() {
  const r = spawnSync('pgrep', ['-x', 'mosquitto'], { encoding: 'utf8' })
  if (r.error) return []
  return r.stdout.split('\n').filter(Boolean).map(Number)
}

function run(cmd, args, env) {
  console.error(`system-deps: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env })
  if (r.error) console.error(`system-deps: cannot run ${cmd}: ${r.error.message}`)
  return r.status === 0
}

/**
 * Debian's mosquitto package enables and starts a broker on port 1883, where the hub's demo runs its own.
 * A policy-rc.d that exits 101 tells invoke-rc.d / deb-systemd-invoke not to start any service during the
 * install (see /usr/share/doc/init-system-helpers/README.policy-rc.d); afterwards the unit is disabled so a
 * reboot does not start it either, and any broker the install still started is stopped.
 */
function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const hadMosquitto = packages.includes('mosquitto')
  const before = new Set(mosquittoPids())
  const ownPolicy = !existsSync(POLICY_RC_D)
  if (ownPolicy)
    writeFileSync(POLICY_RC_D, '#!/bin/sh\n# written by tests/support/system-deps.mjs\nexit 101\n', {
      mode: 0o755,
    })
  let ok
  try {
    ok =
      run('apt-get', ['update'], env) &&
      run(
        'apt-get',
        ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...packages],
        env,
      )
  } finally {
    if (ownPolicy) rmSync(POLICY_RC_D, { force: true })
  }
  if (ok && hadMosquitto) {
    if (existsSync('/run/systemd/system') && which('systemctl')) {
      run('systemctl', ['disable', '--now', 'mosquitto.service'], env)
    }
    for (const pid of mosquittoPids()) {
      if (before.has(pid)) continue
      console.error(`system-deps: stopping the mosquitto (pid ${pid}) the package install started`)
      try {
        process.kill(pid, 'SIGTERM')
      } catch {}
    }
  }
  if (ok && packages.includes('postgresql') && existsSync('/run/systemd/system') && which('systemctl'))
    run('systemctl', ['disable', '--now', 'postgresql.service'], env)
  return ok
}

const missing = missingPackages()
if (missing.length === 0) process.exit(0)

const isRoot = process.getuid?.() === 0
const hasApt = which('apt-get') !== null
if (!isRoot || !hasApt) {
  console.error(`system-deps: ${what} need these Debian packages, which are missing: ${missing.join(' ')}`)
  console.error('Install them with:')
  console.error(`  sudo apt-get install -y ${missing.join(' ')}`)
  if (!hasApt)
    console.error('(no apt-get here: install the same programs with your system’s package manager)')
  process.exit(1)
}

console.error(`system-deps: installing ${missing.join(' ')}`)
if (!aptInstall(missing)) {
  console.error('system-deps: apt-get failed (see above)')
  process.exit(1)
}
const still = missingPackages()
if (still.length > 0) {
  console.error(`system-deps: still missing after apt-get install: ${still.join(' ')}`)
  process.exit(1)
}
console.error('system-deps: installed')
