import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtures, freePort, isRoot, repo, scratch, which } from './lib.js'
import { relabel } from './releases.js'

const run = promisify(execFile)
const arch = process.arch === 'arm64' ? 'arm64' : 'x64'
const fakeSystemctl = join(fixtures, 'fake-systemctl.sh')
const APP = 'opt/red-station-hub'
const DATA = 'var/lib/red-station-hub'
const ETC = 'etc/red-station-hub'

const s = scratch()
let out: string
let root: string
let httpPort: number
let archive: string
let releaseSeconds: number

/** Runs install.sh into the throwaway root, the hub started by the systemctl stand-in. */
function install(archivePath: string, ...extra: string[]) {
  return new Promise<{ code: number | null; output: string; seconds: number }>((resolve) => {
    const t0 = Date.now()
    const child = spawn(
      'bash',
      [
        join(repo, 'deploy/install.sh'),
        archivePath,
        '--root',
        root,
        '--no-apt',
        '--service-cmd',
        fakeSystemctl,
        ...extra,
      ],
      { env: { ...process.env, FAKE_ROOT: root }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('close', (code) => resolve({ code, output, seconds: (Date.now() - t0) / 1000 }))
  })
}

const at = (...p: string[]) => join(root, ...p)
const mode = (p: string) => statSync(at(p)).mode & 0o7777
const passwd = () =>
  Object.fromEntries(
    readFileSync(at('etc/passwd'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(':'))
      .map((f) => [f[0], { uid: Number(f[2]), gid: Number(f[3]), home: f[5], shell: f[6] }]),
  )

async function health(): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${httpPort}/api/health`, { signal: AbortSignal.timeout(3000) }))
      .status
  } catch {
    return 0
  }
}

async function login(name: string, password: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  })
  return res.status
}

/** sha256 of every file of the data folder, by path. */
function dataFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else files[relative(at(DATA), p)] = createHash('sha256').update(readFileSync(p)).digest('hex')
    }
  }
  walk(at(DATA))
  return files
}

beforeAll(async () => {
  out = await s.dir('redstation-release-')
  root = await s.dir('redstation-root-')
  httpPort = await freePort()
  const mqttPort = await freePort()
  // A fresh Debian system's account files, a display manager, and the station's own config (kept by install.sh).
  await mkdir(at('etc/lightdm'), { recursive: true })
  await mkdir(at(ETC), { recursive: true })
  await writeFile(at('etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n')
  await writeFile(at('etc/group'), 'root:x:0:\nvideo:x:44:\ninput:x:105:\nrender:x:106:\n')
  await writeFile(at('etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 })
  await writeFile(at('etc/gshadow'), 'root:*::\nvideo:*::\ninput:*::\nrender:*::\n', { mode: 0o640 })
  await writeFile(
    at(ETC, 'station.yaml'),
    `station: { id: fake-root, name: 测试驿站 }
http: { host: 127.0.0.1, port: ${httpPort} }
mqtt: { embedded: { host: 127.0.0.1, port: ${mqttPort} } }
store: { dataDir: ${at(DATA)} }
`,
    { mode: 0o644 },
  )
  // `npm run release` once for the file: both targets, a version of our own.
  const t0 = Date.now()
  await run(process.execPath, ['deploy/release.mjs', '--out', out, '--version', '1.0.0-test'], {
    cwd: repo,
    timeout: 300_000,
  })
  releaseSeconds = (Date.now() - t0) / 1000
  archive = join(out, `red-station-hub-1.0.0-test-linux-${arch}.tar.gz`)
}, 320_000)

afterAll(async () => {
  if (root) await run(fakeSystemctl, ['stop'], { env: { ...process.env, FAKE_ROOT: root } }).catch(() => {})
  await s.cleanup()
})

describe('npm run release', () => {
  it('builds a versioned archive per target: the server, the pages, production packages only, a manifest', async () => {
    for (const target of ['x64', 'arm64']) {
      const file = join(out, `red-station-hub-1.0.0-test-linux-${target}.tar.gz`)
      const { stdout: list } = await run('tar', ['-tzf', file], { maxBuffer: 64 * 1024 * 1024 })
      const has = (p: string) => list.includes(`red-station-hub-1.0.0-test/${p}`)
      for (const p of [
        'dist/server/main.js',
        'dist/server/cli/user.js',
        'dist/kiosk/index.html',
        'node_modules/fastify/package.json',
        'deploy/install.sh',
        'SHA256SUMS',
      ])
        expect(has(p), p).toBe(true)
      // Bundled into dist/kiosk by Vite, and the build tools: not on the station.
      for (const p of ['preact', 'uplot', 'simple-keyboard', 'socket.io-client', 'vite', 'typescript', 'tsx'])
        expect(has(`node_modules/${p}/`), p).toBe(false)
      // Only the district's central service uses PGlite: a station does not download it.
      expect(has('node_modules/@electric-sql/pglite/'), 'pglite').toBe(false)
      const prebuilds = list.split('\n').filter((l) => l.includes('/prebuilds/') && l.endsWith('.node'))
      expect(prebuilds).toEqual([
        expect.stringContaining(`bindings-cpp/prebuilds/linux-${target}/@serialport+bindings-cpp.`),
      ])
      const side = JSON.parse(
        readFileSync(join(out, `red-station-hub-1.0.0-test-linux-${target}.json`), 'utf8'),
      )
      expect(side).toMatchObject({
        version: '1.0.0-test',
        arch: target,
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        node: { abi: Number(process.versions.modules), napi: expect.any(Number) },
        native: [{ package: '@serialport/bindings-cpp', napi: true, prebuilt: true }],
        omitted: ['@electric-sql/pglite'],
      })
      const bytes = statSync(file).size
      expect(side.archive.bytes).toBe(bytes)
      const sum = createHash('sha256').update(readFileSync(file)).digest('hex')
      expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${sum}  ${file.split('/').pop()}\n`)
      console.log(`release: linux-${target} archive ${(bytes / 1024 / 1024).toFixed(1)} MiB`)
    }
    console.log(`release: npm run release (both targets) took ${releaseSeconds.toFixed(1)} s`)
  })
})

describe('install.sh in a throwaway root', () => {
  it('installs from the archive: files, users, permissions, units, a healthy hub and a first manager', async () => {
    const r = await install(archive)
    expect(r.code, r.output).toBe(0)
    console.log(`install: from the archive into a throwaway root in ${r.seconds.toFixed(1)} s`)

    expect(readlinkSync(at(APP, 'current'))).toBe('releases/1.0.0-test')
    expect(existsSync(at(APP, 'current/dist/server/main.js')), 'current/dist/server/main.js').toBe(true)
    expect(mode(`${APP}/releases/1.0.0-test/dist/server/main.js`) & 0o022).toBe(0)
    expect(readlinkSync(at('usr/local/bin/red-station-hub'))).toBe(
      '/opt/red-station-hub/current/deploy/bin/red-station-hub',
    )
    expect(mode(DATA)).toBe(0o750)
    expect(mode(ETC)).toBe(0o750)
    expect(mode(`${ETC}/station.yaml`)).toBe(0o640)
    expect(readFileSync(at(ETC, 'station.yaml'), 'utf8')).toContain('fake-root') // kept, not replaced

    const units = ['etc/systemd/system/red-station-hub.service']
    for (const u of ['kiosk-browser.service', 'kiosk-browser-restart.service', 'kiosk-browser-restart.timer'])
      units.push(`etc/systemd/user/${u}`)
    for (const u of units) expect(existsSync(at(u)), u).toBe(true)
    const hubUnit = readFileSync(at(units[0] as string), 'utf8')
    expect(hubUnit).toMatch(/^Type=notify$/m)
    expect(hubUnit).toMatch(/^WatchdogSec=30$/m)
    expect(hubUnit).toContain('ExecStart=node /opt/red-station-hub/current/dist/server/main.js')
    expect(readFileSync(at('etc/systemd/journald.conf.d/red-station.conf'), 'utf8')).toContain(
      'SystemMaxUse=200M',
    )
    expect(readFileSync(at('etc/systemd/timesyncd.conf.d/red-station.conf'), 'utf8')).toContain(
      'ntp.aliyun.com',
    )
    expect(readFileSync(at('etc/systemd/user/kiosk-screen.timer.d/schedule.conf'), 'utf8')).toContain(
      'OnCalendar=*-*-* 23:00:00',
    )
    const policy = JSON.parse(readFileSync(at('etc/chromium/policies/managed/red-station.json'), 'utf8'))
    expect(policy).toMatchObject({
      URLBlocklist: expect.arrayContaining(['*']),
      DeveloperToolsAvailability: 2,
    })
    expect(policy.URLAllowlist).toContain('http://localhost:8080')
    if (which('systemctl')) {
      // Links to the units as the running system will see them (absolute, not into the throwaway root).
      const link = (p: string) =>
        lstatSync(at(p), { throwIfNoEntry: false })?.isSymbolicLink() ? readlinkSync(at(p)) : null
      expect(link('etc/systemd/system/multi-user.target.wants/red-station-hub.service')).toBe(
        '/etc/systemd/system/red-station-hub.service',
      )
      for (const u of [
        'graphical-session.target.wants/kiosk-browser.service',
        'graphical-session.target.wants/kiosk-screen.service',
        'timers.target.wants/kiosk-browser-restart.timer',
        'timers.target.wants/kiosk-screen.timer',
      ])
        expect(link(`etc/systemd/user/${u}`), u).toBe(`/etc/systemd/user/${u.split('/')[1]}`)
    } else console.warn('install test: no systemctl here, unit enablement not checked')

    if (isRoot) {
      const users = passwd()
      expect(users.redstation).toMatchObject({ home: '/var/lib/red-station-hub', shell: '/usr/sbin/nologin' })
      expect(users.redstation?.uid).toBeLessThan(1000)
      expect(users.kiosk?.uid).toBeGreaterThanOrEqual(1000)
      expect(statSync(at(DATA)).uid).toBe(users.redstation?.uid)
      expect(statSync(at(ETC, 'station.yaml'))).toMatchObject({ uid: 0, gid: users.redstation?.gid })
      expect(readFileSync(at('etc/lightdm/lightdm.conf.d/60-red-station-kiosk.conf'), 'utf8')).toContain(
        'autologin-user=kiosk',
      )
      expect(readFileSync(at('home/kiosk/.config/labwc/autostart'), 'utf8')).toContain(
        'kiosk-browser.service',
      )
      expect(statSync(at('home/kiosk/.config/labwc/autostart')).uid).toBe(users.kiosk?.uid)
      expect(readFileSync(at('etc/group'), 'utf8')).toMatch(/^video:x:44:kiosk$/m)
    } else console.warn('install test: not root, so no users were made: users and owners not checked')

    expect(await health()).toBe(200)
    const account = /first manager account: (\S+) \/ (\S+)/.exec(r.output)
    expect(account, r.output).not.toBeNull()
    expect(await login(account?.[1] as string, account?.[2] as string)).toBe(200)

    // The district service started from a station's release, without PostgreSQL: told what to do.
    const central = await run(
      process.execPath,
      ['dist/server/central-main.js', '--no-demo', '--data-dir', await s.dir('redstation-central-')]
        .concat(['--host', '127.0.0.1', '--port', String(await freePort())])
        .concat(['--mqtt-host', '127.0.0.1', '--mqtt-port', String(await freePort())]),
      { cwd: at(APP, 'current'), timeout: 60_000 },
    ).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    expect(central.code).toBe(1)
    expect(central.stderr + central.stdout).toMatch(/PGlite\) is not installed here.*--db postgres:\/\//)
  }, 240_000)

  it('writes units that systemd-analyze verify accepts', async (ctx) => {
    if (!which('systemd-analyze')) ctx.skip('systemd-analyze is not installed (Debian package systemd)')
    const runtime = await s.dir('redstation-xdg-')
    const check = async (unit: string, user: boolean) => {
      const r = await run('systemd-analyze', [...(user ? ['--user'] : []), 'verify', at(unit)], {
        env: { ...process.env, XDG_RUNTIME_DIR: runtime },
      }).catch((e: { stderr: string; code: number }) => e)
      // Any complaint counts, warnings included ("Unknown key … ignoring").
      expect(r.stderr, unit).toBe('')
    }
    await check('etc/systemd/system/red-station-hub.service', false)
    for (const u of readdirSync(at('etc/systemd/user')).filter((f) => /\.(service|timer)$/.test(f)))
      await check(`etc/systemd/user/${u}`, true)
  }, 60_000)

  it('upgrades when run again with a newer release: switch, restart, previous kept, data and settings kept', async () => {
    const newer = await relabel(archive, '1.0.1-test')
    await writeFile(
      at(ETC, 'kiosk.env'),
      'KIOSK_URL=http://localhost:8080/\nSCREEN_OFF=22:30\nBROWSER_RESTART=03:15\n',
    )
    const users = readFileSync(at(DATA, 'users.json'), 'utf8')
    const r = await install(newer)
    expect(r.code, r.output).toBe(0)
    expect(readlinkSync(at(APP, 'current'))).toBe('releases/1.0.1-test')
    expect(readlinkSync(at(APP, 'previous'))).toBe('releases/1.0.0-test')
    expect(existsSync(at(APP, 'releases/1.0.0-test/dist/server/main.js'))).toBe(true)
    expect(await health()).toBe(200)
    expect(readFileSync(at(DATA, 'users.json'), 'utf8')).toBe(users)
    expect(r.output).toMatch(/manager accounts: manager/)
    // The station command reads the same links and asks the same health route.
    const { stdout: status } = await run(join(repo, 'deploy/bin/red-station-hub'), ['status'], {
      env: { ...process.env, RSH_APP: at(APP), RSH_ETC: at(ETC) },
    })
    expect(status).toContain('release:  1.0.1-test (previous: 1.0.0-test)')
    expect(status).toMatch(/health: +\{"status":"ok"/)
    expect(readFileSync(at('etc/systemd/user/kiosk-screen.timer.d/schedule.conf'), 'utf8')).toContain(
      '22:30:00',
    )
    expect(
      readFileSync(at('etc/systemd/user/kiosk-browser-restart.timer.d/schedule.conf'), 'utf8'),
    ).toContain('03:15:00')
  }, 240_000)

  it('rolls an upgrade that never becomes healthy back by itself, the data unchanged', async () => {
    // Starts, then never listens: the unit is active, /api/health never answers.
    const bad = await relabel(archive, '1.0.2-never-healthy', async (dir) => {
      await writeFile(join(dir, 'dist/server/main.js'), 'setInterval(() => {}, 1000)\n')
    })
    const before = dataFiles()
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['users.json', 'secret.key']))
    const r = await install(bad, '--health-timeout', '8')
    expect(r.code, r.output).toBe(1)
    expect(r.output).toContain('rolling back to 1.0.1-test')
    expect(r.output).toContain('rolled back: 1.0.1-test runs again')
    expect(readlinkSync(at(APP, 'current'))).toBe('releases/1.0.1-test')
    expect(existsSync(at(APP, 'releases/1.0.2-never-healthy'))).toBe(true) // kept, to look into
    expect(existsSync(at(APP, 'releases/1.0.0-test'))).toBe(true)
    expect(await health()).toBe(200)
    expect(dataFiles()).toEqual(before)
    console.log(
      `install: a bad upgrade, detected and rolled back, took ${r.seconds.toFixed(1)} s (health timeout 8 s)`,
    )
  }, 240_000)
})
