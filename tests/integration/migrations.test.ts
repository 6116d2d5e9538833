import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { eventually } from '../support/hub.js'
import { freePort, hashTree, type Launched, runTs, waitServing } from '../support/station-process.js'

/**
 * A station upgraded from the release before data format 2 (issue 14: "data and config of the previous
 * format start under the new release; data of a newer format is refused without being touched"). The
 * fixture is what that release made through its own HTTP API (tests/fixtures/format-1/README.md); this
 * release is started on a copy as a station runs it: the launcher on the station file, real HTTP and MQTT.
 */

const repo = new URL('../..', import.meta.url).pathname
const fixture = new URL('../fixtures/format-1/', import.meta.url).pathname
const expected = JSON.parse(await readFile(join(fixture, 'expected.json'), 'utf8'))
const dirs: string[] = []
const runs: Launched[] = []

afterEach(async () => {
  for (const r of runs.splice(0)) r.child.kill('SIGKILL')
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

interface Station {
  dir: string
  dataDir: string
  config: string
  url: string
  mqttUrl: string
}

/** The fixture's data folder and station file in a temp folder, the file's ports and folder made local. */
async function station(change: (raw: Record<string, unknown>) => void = () => {}): Promise<Station> {
  const dir = await mkdtemp(join(tmpdir(), 'redstation-migrate-'))
  dirs.push(dir)
  const dataDir = join(dir, 'data')
  await cp(join(fixture, 'data'), dataDir, { recursive: true })
  const raw = parse(await readFile(join(fixture, 'station.yaml'), 'utf8'))
  const [http, broker] = [await freePort(), await freePort()]
  raw.store.dataDir = dataDir
  raw.http.port = http
  raw.mqtt.embedded.port = broker
  change(raw)
  const config = join(dir, 'station.yaml')
  await writeFile(config, stringify(raw))
  return { dir, dataDir, config, url: `http://127.0.0.1:${http}`, mqttUrl: `mqtt://127.0.0.1:${broker}` }
}

function launch(s: Station): Launched {
  const run = runTs('server/main.ts', ['--config', s.config])
  runs.push(run)
  return run
}

async function stop(run: Launched): Promise<number | null> {
  run.child.kill('SIGTERM')
  return run.exited
}

function checkData(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/check-data.ts', ...args], {
    cwd: repo,
    env: { ...process.env, REDSTATION_CONFIG: '' },
    encoding: 'utf8',
  })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(expected.manager),
  })
  expect(res.status).toBe(200)
  return res.headers.get('set-cookie')?.split(';')[0] ?? ''
}

const get = async (url: string, cookie = '') => {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} })
  expect(res.status, url).toBe(200)
  return res.json()
}

/** What a manager and a courier see of what they did under the previous release. */
async function seesTheirData(url: string, cookie: string) {
  const daily = await get(`${url}/api/manage/checkins/daily?from=${expected.day}&to=${expected.day}`, cookie)
  expect(daily.days).toEqual(expected.daily)
  expect(daily.days[0].total).toBe(3)
  const report = await fetch(`${url}/api/manage/checkins/report.csv?month=${expected.day.slice(0, 7)}`, {
    headers: { cookie },
  }).then((r) => r.text())
  expect(report).toContain(expected.day)

  const { screenings } = await get(`${url}/api/manage/screenings`, cookie)
  const ev = screenings.find((e: { id: string }) => e.id === expected.screening.id)
  expect(ev.title).toBe('免费体检：血压、血糖')
  const kiosk = await get(`${url}/api/screenings`)
  expect(kiosk.screenings.map((e: { id: string }) => e.id)).toContain(expected.screening.id)

  const notices = (await get(`${url}/api/notices`)).notices.map((n: { title: string }) => n.title)
  expect(notices).toContain(expected.notice.title)
  expect(notices).toContain('法律援助：劳动纠纷免费咨询')

  const stock = await get(`${url}/api/manage/stock`, cookie)
  expect(stock.items.find((i: { id: string }) => i.id === 'masks').count).toBe(expected.masks)

  const alerts = await get(`${url}/api/manage/alerts/history?limit=10`, cookie)
  const help = alerts.alerts.find((a: { id: string }) => a.id === expected.help.id)
  expect(help).toMatchObject({ type: 'help' })
  expect(help.state).not.toBe('active')
  return ev as { signups: { code: string; status: string; name: string }[] }
}

describe('a station of the previous release (data format 1, config version 1)', () => {
  it('starts under this release with everything its people did, brought forward once', async () => {
    const s = await station()
    const before = checkData(['--config', s.config])
    expect(before.code).toBe(0)
    expect(before.out).toContain('format 1; brought forward to format 2 at the next start')
    expect(before.out).toContain('config version 1 brought forward to version 2')

    const run = launch(s)
    await waitServing(run, `${s.url}/api/health`)
    const cookie = await login(s.url)
    const ev = await seesTheirData(s.url, cookie)
    expect(ev.signups.map((x) => [x.code, x.status, x.name])).toEqual([
      [expected.screening.confirmed, 'confirmed', '陈小明'],
      [expected.screening.waiting, 'waitlisted', '李华'],
    ])
    // Its sensors, which had no logins (version 1 let them in), still report.
    const sensor = await mqtt.connectAsync(s.mqttUrl, { reconnectPeriod: 0, connectTimeout: 5000 })
    await sensor.publishAsync('redstation/fixture/devices/fridge-temp', '{"temperature": 4.5}')
    await sensor.endAsync()
    await eventually(async () => {
      const state = await get(`${s.url}/api/state`)
      const fridge = state.devices.find((d: { id: string }) => d.id === 'fridge-temp')
      return fridge?.online === true
    }, 10_000)
    // A courier cancels with the code the previous release gave: the waiting one gets the place.
    const cancel = await fetch(
      `${s.url}/api/screenings/${expected.screening.id}/signups/${expected.screening.confirmed}`,
      {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '13800000001' }),
      },
    )
    expect(await cancel.json()).toMatchObject({ cancelled: true, promoted: true })
    const health = await get(`${s.url}/api/health`)
    expect(health.store.ok).toBe(true)
    expect(health.store.damage.unacknowledged).toBe(0)
    expect(await stop(run)).toBe(0)

    const out = run.output()
    expect(out).toMatch(/config version 1 brought forward to version 2 in memory/)
    expect(out).toMatch(/mqtt\.embedded\.allowAnonymous: not set, and devices fridge-temp, medbox-ibuprofen/)
    expect(out).toContain('data folder of format 1 brought forward to format 2')
    expect(JSON.parse(await readFile(join(s.dataDir, 'meta.json'), 'utf8'))).toMatchObject({ format: 2 })
    expect(checkData(['--config', s.config]).out).toContain('format 2, this release')

    // A second start: nothing more to bring forward, the same data, the cancellation kept.
    const again = launch(s)
    await waitServing(again, `${s.url}/api/health`)
    const ev2 = await seesTheirData(s.url, await login(s.url))
    expect(ev2.signups.find((x) => x.code === expected.screening.waiting)?.status).toBe('confirmed')
    expect(await stop(again)).toBe(0)
    expect(again.output()).not.toContain('data folder of format')
  }, 240_000)
})

describe('what this release cannot read is refused, and left exactly as it was', () => {
  it('refuses a data folder of a newer format without changing one file in it', async () => {
    const s = await station()
    await writeFile(join(s.dataDir, 'meta.json'), `${JSON.stringify({ version: 1, format: 3 })}\n`)
    const before = await hashTree(s.dataDir)

    const check = checkData(['--config', s.config])
    expect(check.code).toBe(1)
    expect(check.out).toContain('the data folder is of format 3; this release reads up to format 2')
    expect(check.out).toContain('nothing was changed')
    expect(checkData(['--data', s.dataDir]).code).toBe(1)

    const run = launch(s)
    expect(await run.exited).not.toBe(0)
    expect(run.output()).toContain(join(s.dataDir, 'meta.json'))
    expect(run.output()).toContain('the data folder is of format 3; this release reads up to format 2')
    expect(await hashTree(s.dataDir)).toEqual(before)
  }, 150_000)

  it('refuses a station file of a newer version before the data folder is opened', async () => {
    const s = await station((raw) => {
      raw.version = 3
      raw.lighting = { scenes: [] } // a key of that newer version: not reported as unknown
    })
    const before = await hashTree(s.dataDir)

    const check = checkData(['--config', s.config])
    expect(check.code).toBe(1)
    expect(check.out).toContain(s.config)
    expect(check.out).toContain('config version 3; this release reads up to version 2')

    const run = launch(s)
    expect(await run.exited).toBe(2)
    const out = run.output()
    expect(out).toContain(`invalid configuration (${s.config})`)
    expect(out).toContain('version: the file is of config version 3; this release reads up to version 2')
    expect(out).not.toContain('lighting')
    // Format 1, so the store would have written meta.json had it been opened.
    expect(await hashTree(s.dataDir)).toEqual(before)
  }, 150_000)

  it('check-data: exit 0 for a folder not made yet, 2 for bad usage, and changes nothing', async () => {
    const s = await station((raw) => {
      raw.version = 2
      raw.mqtt = {
        ...(raw.mqtt as object),
        embedded: { ...(raw.mqtt as { embedded: object }).embedded, allowAnonymous: true },
      }
    })
    const notYet = join(s.dir, 'not-made-yet')
    const file = parse(await readFile(s.config, 'utf8'))
    file.store.dataDir = notYet
    await writeFile(s.config, stringify(file))
    const fresh = checkData(['--config', s.config])
    expect(fresh.code).toBe(0)
    expect(fresh.out).toContain('version 2, this release')
    expect(fresh.out).toContain('none yet; made at the first start')
    expect(existsSync(notYet)).toBe(false)
    expect(checkData(['--data', join(s.dir, 'missing')]).code).toBe(0)
    expect(existsSync(join(s.dir, 'missing'))).toBe(false)
    expect(checkData([]).code).toBe(2)
    expect(checkData(['--colour', 'red']).code).toBe(2)
  }, 150_000)
})

describe('install.sh’s check before it switches to a new release', () => {
  /** check_data of deploy/lib/install-system.sh, run as install.sh runs it into a folder (--root). */
  function installCheck(root: string, release: string) {
    const script = `set -euo pipefail
die() { echo "install.sh: $*" >&2; exit 1; }
R=$1 ETC=/etc/red-station-hub AS_ROOT=0
source deploy/lib/install-system.sh
check_data "$2"
echo "check passed"`
    const r = spawnSync('bash', ['-c', script, 'install', root, release], {
      cwd: repo,
      // The release's check-data.js below is this checkout's source, run through tsx.
      env: { ...process.env, NODE_OPTIONS: '--import tsx', REDSTATION_CONFIG: '' },
      encoding: 'utf8',
    })
    return { code: r.status, out: `${r.stdout}${r.stderr}` }
  }

  it('lets an upgrade onto older data through, and stops one onto newer data with nothing changed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'redstation-root-'))
    dirs.push(root)
    const release = join(root, 'opt/red-station-hub/releases/9.9.9')
    await mkdir(join(release, 'dist/server/cli'), { recursive: true })
    const source = pathToFileURL(join(repo, 'server/cli/check-data.ts')).href
    await writeFile(
      join(release, 'dist/server/cli/check-data.js'),
      `await import(${JSON.stringify(source)})\n`,
    )
    await writeFile(join(release, 'package.json'), '{ "type": "module" }\n')
    await mkdir(join(root, 'etc/red-station-hub'), { recursive: true })
    await cp(join(repo, 'deploy/station.example.yaml'), join(root, 'etc/red-station-hub/station.yaml'))
    // The example's store.dataDir, /var/lib/red-station-hub, under the root: the previous release's data.
    const dataDir = join(root, 'var/lib/red-station-hub')
    await cp(join(fixture, 'data'), dataDir, { recursive: true })

    const older = installCheck(root, release)
    expect(older.out).toContain(`data ${dataDir}: format 1; brought forward to format 2 at the next start`)
    expect(older.out).toContain('check passed')
    expect(older.code).toBe(0)

    await writeFile(join(dataDir, 'meta.json'), `${JSON.stringify({ version: 1, format: 3 })}\n`)
    const before = await hashTree(root)
    const newer = installCheck(root, release)
    expect(newer.code).toBe(1)
    expect(newer.out).toContain('the data folder is of format 3; this release reads up to format 2')
    expect(newer.out).toContain('install.sh: 9.9.9 cannot run on this station')
    expect(newer.out).not.toContain('check passed')
    expect(await hashTree(root)).toEqual(before)

    // The station's own command says the same, for the running release or a named one.
    await writeFile(
      join(root, 'etc/red-station-hub/station.yaml'),
      stringify({ version: 2, station: { id: 's1', name: '驿站' }, store: { dataDir } }),
    )
    const data = await hashTree(dataDir)
    const command = spawnSync(join(repo, 'deploy/bin/red-station-hub'), ['check', '9.9.9'], {
      cwd: repo,
      env: {
        ...process.env,
        NODE_OPTIONS: '--import tsx',
        RSH_APP: join(root, 'opt/red-station-hub'),
        RSH_ETC: join(root, 'etc/red-station-hub'),
      },
      encoding: 'utf8',
    })
    expect(command.status).toBe(1)
    expect(`${command.stdout}${command.stderr}`).toContain('the data folder is of format 3')
    expect(await hashTree(dataDir)).toEqual(data)
  }, 150_000)
})
