import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually } from '../support/hub.js'

const root = new URL('../..', import.meta.url).pathname
const dirs: string[] = []
const children: ChildProcess[] = []

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as net.AddressInfo
  await new Promise((r) => s.close(r))
  return port
}

async function stationFile(text: string, name = 'station.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redstation-launch-'))
  dirs.push(dir)
  const path = join(dir, name)
  await writeFile(path, text.replaceAll('DATA', join(dir, 'data')))
  return path
}

function launch(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return { child, exited, output: () => out }
}

describe('the launcher', () => {
  it('refuses a bad station file, naming every wrong key at once, with no stack trace', async () => {
    const path = await stationFile(`
station: { id: "bad id!", name: 驿站 }
http: { port: "eighty" }
devices:
  - { id: t1, kind: temperature, name: 冰箱 }
  - { id: t2, kind: fan, name: 风扇 }
  - { id: t1, kind: door, name: 门, colour: red }
`)
    const run = launch(['--config', path])
    expect(await run.exited).toBe(2)
    const out = run.output()
    expect(out).toContain('station.id: expected to match')
    expect(out).toContain('http.port: expected a whole number, got "eighty"')
    expect(out).toContain('devices[1].kind: expected one of temperature, door, stock, got "fan"')
    expect(out).toContain('devices[2].colour: unknown key')
    // The duplicate id is named in the same run as the shape errors, not after they are fixed.
    expect(out).toContain('devices[2].id: "t1" is already used by devices[0]')
    expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
  })

  it('refuses bad accounts under users: like any other key (exit 2), before the data folder is made', async () => {
    const path = await stationFile(`
store: { dataDir: DATA }
users:
  - { name: "two words", role: manager, passwordHash: "scrypt$nope" }
`)
    const run = launch(['--config', path])
    expect(await run.exited).toBe(2)
    const out = run.output()
    expect(out).toContain('invalid configuration')
    expect(out).toContain('users[0].name: expected 1–32 characters')
    expect(out).toContain('users[0].passwordHash: expected scrypt$N$r$p$salt$hash')
    expect(existsSync(join(dirname(path), 'data'))).toBe(false)
  })

  it('names a config file it cannot read or parse', async () => {
    const missing = launch([], { REDSTATION_CONFIG: '/nonexistent/station.yaml' })
    expect(await missing.exited).toBe(2)
    expect(missing.output()).toContain('cannot read the file: ENOENT')
    const broken = launch(['--config', await stationFile('{ "station": ', 'station.json')])
    expect(await broken.exited).toBe(2)
    expect(broken.output()).toContain('not valid JSON')
  })

  it('starts from a good file, serves, and exits 0 within a few seconds of SIGTERM', async () => {
    const [http, mqtt] = [await freePort(), await freePort()]
    const path = await stationFile(`
station: { id: s1, name: 测试驿站 }
http: { host: 127.0.0.1, port: ${http} }
mqtt: { embedded: { host: 127.0.0.1, port: ${mqtt} } }
store: { dataDir: DATA }
devices:
  - { id: t1, kind: temperature, name: 冰箱 }
`)
    const run = launch(['--config', path, '--demo'])
    const state = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${http}/api/state`)
      const body = (await res.json()) as { devices: { id: string; reading: unknown }[] }
      return body.devices[0]?.reading !== null && body
    }, 45_000) // a cold tsx cache on a fresh clone, on a busy 2-core machine
    expect(state.devices.map((d) => d.id)).toEqual(['t1'])
    const t0 = Date.now()
    run.child.kill('SIGTERM')
    expect(await run.exited).toBe(0)
    expect(Date.now() - t0).toBeLessThan(5000)
  }, 60_000)

  it('runs the demo without its simulators on --no-simulators, and says so with the addresses and login', async () => {
    // Issue 10.4 and 10.20: a demo to drive by hand, and a start-up summary a newcomer can read.
    const [http, mqtt] = [await freePort(), await freePort()]
    const path = await stationFile(`
http: { host: 127.0.0.1, port: ${http} }
mqtt: { embedded: { host: 127.0.0.1, port: ${mqtt} } }
store: { dataDir: DATA }
`)
    const run = launch(['--demo', '--no-simulators', '--config', path])
    await eventually(() => run.output().includes('manager / redstation-demo'), 45_000)
    const out = run.output()
    expect(out).toContain(`http://127.0.0.1:${http}/manage.html`)
    expect(out).toContain('simulators: off (--no-simulators)')
    // Nobody publishes: the demo's devices have no reading a second later.
    await new Promise((r) => setTimeout(r, 1500))
    const state = (await (await fetch(`http://127.0.0.1:${http}/api/state`)).json()) as {
      devices: { id: string; reading: unknown }[]
    }
    expect(state.devices.length).toBeGreaterThan(0)
    expect(state.devices.every((d) => d.reading === null)).toBe(true)
    expect(run.output()).not.toContain('simulator:')
    run.child.kill('SIGTERM')
    expect(await run.exited).toBe(0)
  }, 60_000)

  it('says which port is taken instead of crashing with a trace', async () => {
    const blocker = net.createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const taken = (blocker.address() as net.AddressInfo).port
    try {
      const path = await stationFile(`
http: { host: 127.0.0.1, port: ${await freePort()} }
mqtt: { embedded: { host: 127.0.0.1, port: ${taken} } }
store: { dataDir: DATA }
`)
      const run = launch(['--config', path])
      expect(await run.exited).not.toBe(0)
      expect(run.output()).toContain(`MQTT port ${taken} is already in use`)
    } finally {
      blocker.close()
    }
  })
})
