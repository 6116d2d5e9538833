// The hub as a station runs it (server/main.ts in a child process) with a charging cabinet on a simulated
// board over a real pty: killed with SIGKILL in the middle of rentals, then started again; and started where
// SerialPort.list() cannot work (no udevadm, as in a container), or where socat is missing for the demo.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulatedCabinet } from '../../devices/lock-board/simulate-cabinet.js'
import { eventually, getJson, loginAs, type TestHub } from '../support/hub.js'
import { lockersSection, post, type Summary } from '../support/lockers.js'

const root = new URL('../..', import.meta.url).pathname
const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as net.AddressInfo
  await new Promise((r) => s.close(r))
  return port
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redstation-lockers-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A PATH with node and nothing else: no udevadm (SerialPort.list() fails), no socat. */
async function bareBin(): Promise<string> {
  const bin = join(await tempDir(), 'bin')
  await mkdir(bin)
  await symlink(process.execPath, join(bin, 'node'))
  return bin
}

interface Launched {
  child: ChildProcess
  url: string
  output: () => string
  exited: Promise<number | null>
}

async function launch(args: string[], port: number, env: NodeJS.ProcessEnv = {}): Promise<Launched> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  })
  const url = `http://127.0.0.1:${port}`
  await eventually(async () => (await fetch(`${url}/api/health`)).ok, 20_000).catch((err) => {
    throw new Error(`${err}\n${out}`)
  })
  return { child, url, output: () => out, exited }
}

async function stationFile(dir: string, port: number, lockers: object | null): Promise<string> {
  const path = join(dir, 'station.json')
  const mqtt = await freePort()
  await writeFile(
    path,
    JSON.stringify({
      station: { id: 's1', name: '测试驿站' },
      http: { host: '127.0.0.1', port },
      mqtt: { embedded: { host: '127.0.0.1', port: mqtt } },
      store: { dataDir: join(dir, 'data') },
      ...(lockers ? { lockers } : {}),
    }),
  )
  return path
}

const summary = async (url: string) => (await getJson<Summary>(`${url}/api/lockers`)).body
const until = (url: string, pred: (s: Summary) => boolean, ms = 8000) =>
  eventually(async () => {
    const s = await summary(url)
    return pred(s) ? s : undefined
  }, ms)

describe('the lockers across kill -9', () => {
  it('keeps every rental, and reconciles it with what the board reports when the hub comes back', async () => {
    const cab = await startSimulatedCabinet({ profile: 'kerong-cu16', boards: [{ address: 0, locks: 4 }] })
    cleanups.push(() => cab.stop())
    const board = cab.sim.board(0)
    const dir = await tempDir()
    const port = await freePort()
    const config = await stationFile(dir, port, lockersSection(cab.path))
    let hub = await launch(['--config', config], port)
    await until(hub.url, (s) => s.free.phone === 3)

    // Locker 1: rented by phone, the door shut: a running rental.
    expect(
      (await post(`${hub.url}/api/lockers/rentals`, { kind: 'phone', phone: '13812345678' })).status,
    ).toBe(201)
    board.setItem(1, true)
    board.closeDoor(1)
    // Locker 2: rented with a code, the door still open (the courier is putting the phone in).
    const byPin = await post<{ pin: string }>(`${hub.url}/api/lockers/rentals`, { kind: 'phone' })
    expect(byPin.status).toBe(201)
    // Locker 3: its owner is taking it back, the door open.
    expect(
      (await post(`${hub.url}/api/lockers/rentals`, { kind: 'phone', phone: '13900001111' })).status,
    ).toBe(201)
    board.setItem(3, true)
    board.closeDoor(3)
    await until(hub.url, (s) => s.lockers[2]?.state === 'busy' && !s.lockers[2].doorOpen)
    expect((await post(`${hub.url}/api/lockers/collect`, { phone: '13900001111' })).status).toBe(200)
    await until(hub.url, (s) => s.lockers[0]?.doorOpen === false && s.lockers[1]?.doorOpen === true)

    hub.child.kill('SIGKILL')
    await hub.exited
    // While the hub is down, the courier at locker 2 shuts it on the phone; the one at locker 3 takes theirs.
    board.setItem(2, true)
    board.closeDoor(2)
    board.setItem(3, false)
    board.closeDoor(3)

    hub = await launch(['--config', config], port)
    const s = await until(
      hub.url,
      (x) => x.lockers.slice(0, 3).every((l) => !l.doorOpen) && x.free.phone === 1,
    )
    expect(s.lockers.map((l) => l.state)).toEqual(['busy', 'busy', 'free', 'free'])
    const cookie = await loginAs({ dataDir: join(dir, 'data'), url: hub.url } as TestHub, 'manager')
    const managed = await getJson<{ lockers: { rental: Record<string, unknown> | null; door: string }[] }>(
      `${hub.url}/api/manage/lockers`,
      cookie,
    )
    const [l1, l2, l3] = managed.body.lockers
    expect(l1).toMatchObject({
      door: 'closed',
      rental: { by: 'phone', phoneMasked: '138****5678', stage: 'active' },
    })
    expect(l2).toMatchObject({ door: 'closed', rental: { by: 'pin', stage: 'active', reconciled: true } })
    // Locker 3's opening for its owner was recorded before the kill, and its board's sensor shows it empty
    // now: that rental ended.
    expect(l3).toMatchObject({ door: 'closed', rental: null })
    expect(hub.output()).toContain('reconciled with its board')

    // And they open for their owners after the restart.
    const back = await post(`${hub.url}/api/lockers/collect`, { locker: 'L2', pin: byPin.body.pin })
    expect(back).toMatchObject({ status: 200, body: { locker: { id: 'L2' } } })
    board.closeDoor(2)
    expect((await post(`${hub.url}/api/lockers/collect`, { phone: '13812345678' })).status).toBe(200)
    board.closeDoor(1)
    await until(hub.url, (x) => x.lockers[0]?.state === 'free' && x.lockers[1]?.state === 'free')
  }, 60_000)
})

describe('starting where the system lacks tools', () => {
  it('starts and runs lockers where SerialPort.list() fails (spawn udevadm ENOENT)', async () => {
    const bin = await bareBin()
    const env = { PATH: bin }
    // The premise: in this environment node-serialport cannot list ports.
    const listed = (() => {
      try {
        execFileSync(
          process.execPath,
          [
            '-e',
            "import('serialport').then(m=>m.SerialPort.list()).then(()=>process.exit(0),e=>{console.log(e.message);process.exit(3)})",
          ],
          { cwd: root, env, encoding: 'utf8' },
        )
        return 'listed'
      } catch (err) {
        return String((err as { stdout?: string }).stdout)
      }
    })()
    expect(listed).toMatch(/udevadm.*ENOENT|ENOENT.*udevadm/)

    const cab = await startSimulatedCabinet({ profile: 'kerong-cu16', boards: [{ address: 0, locks: 4 }] })
    cleanups.push(() => cab.stop())
    const dir = await tempDir()
    const port = await freePort()
    const hub = await launch(['--config', await stationFile(dir, port, lockersSection(cab.path))], port, env)
    await until(hub.url, (s) => s.free.phone === 3)
    expect((await post(`${hub.url}/api/lockers/rentals`, { kind: 'battery' })).status).toBe(201)
    expect(cab.sim.board(0).isOpen(4)).toBe(true)
    expect((await getJson<{ status: string }>(`${hub.url}/api/health`)).body.status).toBe('ok')
  }, 40_000)

  it('runs the demo without its cabinet where socat is missing, and says so once', async () => {
    const dir = await tempDir()
    const port = await freePort()
    const hub = await launch(['--demo', '--config', await stationFile(dir, port, null)], port, {
      PATH: await bareBin(),
    })
    const s = await summary(hub.url)
    expect(s.lockers).toEqual([])
    expect(hub.output().match(/running without the charging cabinet/g)).toHaveLength(1)
    expect(hub.output()).toContain('socat not found')
    hub.child.kill('SIGTERM')
    expect(await hub.exited).toBe(0)
  }, 40_000)
})
