import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import net, { type AddressInfo, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { Aedes, type Client } from 'aedes'
import mqtt, { type MqttClient } from 'mqtt'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_DEVICES } from '../../devices/simulate-args.js'
import { type Simulation, startSimulators } from '../../devices/simulators.js'

/** The repository, wherever it is cloned: the simulator CLI runs from there. */
const repo = fileURLToPath(new URL('../../', import.meta.url))

interface Message {
  topic: string
  payload: string
  qos: number
  retain: boolean
}

interface Broker {
  url: string
  /** Connected clients by client id, so a test can cut one off as a dying device would be. */
  clients: Map<string, Client>
  close(): Promise<void>
}

/** A real aedes 1.x broker on a free port. */
async function startBroker(): Promise<Broker> {
  const broker = await Aedes.createBroker()
  const clients = new Map<string, Client>()
  broker.on('client', (c) => clients.set(c.id, c))
  broker.on('clientDisconnect', (c) => clients.delete(c.id))
  const server = net.createServer(broker.handle)
  const sockets = new Set<Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `mqtt://127.0.0.1:${port}`,
    clients,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A bare subscriber to every station topic, recording what a hub would receive. */
async function listen(url: string): Promise<{ client: MqttClient; messages: Message[] }> {
  const client = await mqtt.connectAsync(url, { clientId: `listener-${Math.random().toString(16).slice(2)}` })
  const messages: Message[] = []
  client.on('message', (topic, payload, packet) =>
    messages.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain }),
  )
  await client.subscribeAsync('redstation/#', { qos: 1 })
  return { client, messages }
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const availability = (station: string, id: string) => `redstation/${station}/devices/${id}/availability`
const has = (messages: Message[], topic: string, payload: string) =>
  messages.some((m) => m.topic === topic && m.payload === payload)

/** True if the payload is a valid first reading for the device, per the native contract. */
function validReading(id: string, payload: string): boolean {
  const r = JSON.parse(payload) as Record<string, unknown>
  const device = DEMO_DEVICES.find((d) => d.id === id)
  if (device?.kind === 'temperature')
    return typeof r.temperature === 'number' && r.temperature > 1 && r.temperature < 12
  if (device?.kind === 'door') return typeof r.contact === 'boolean'
  if (device?.unitWeight) return typeof r.weight === 'number' && r.weight >= 0
  return Number.isInteger(r.count) && (r.count as number) >= 0
}

const readings = (messages: Message[], station: string, id: string) =>
  messages.filter((m) => m.topic === `redstation/${station}/devices/${id}`)

let broker: Broker
const cleanups: Array<() => Promise<unknown> | undefined> = []

beforeEach(async () => {
  broker = await startBroker()
})

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  await broker.close()
})

describe('device simulators against a real broker', () => {
  it('brings every demo device online with a valid first reading, and offline on stop', async () => {
    const { client, messages } = await listen(broker.url)
    cleanups.push(() => client.endAsync())
    const sim: Simulation = await startSimulators({
      url: broker.url,
      stationId: 'itest',
      devices: DEMO_DEVICES,
      intervalMs: 200,
    })
    cleanups.push(() => sim.stop())
    await sim.ready
    for (const d of DEMO_DEVICES) {
      await waitFor(`${d.id} online and reading`, () => readings(messages, 'itest', d.id).length > 0)
      expect(has(messages, availability('itest', d.id), 'online')).toBe(true)
      const first = readings(messages, 'itest', d.id)[0]
      expect(first?.qos).toBe(1)
      expect(validReading(d.id, first?.payload ?? '{}'), `${d.id}: ${first?.payload}`).toBe(true)
    }
    await waitFor('periodic temperature', () => readings(messages, 'itest', 'fridge-temp').length >= 3)

    // A subscriber arriving later still learns every device is online: the flag is retained.
    const late = await listen(broker.url)
    await waitFor(
      'retained online',
      () => late.messages.filter((m) => m.retain).length >= DEMO_DEVICES.length,
    )
    for (const d of DEMO_DEVICES) {
      expect(late.messages).toContainEqual(
        expect.objectContaining({ topic: availability('itest', d.id), retain: true, payload: 'online' }),
      )
    }
    await late.client.endAsync()

    await sim.stop()
    for (const d of DEMO_DEVICES) {
      await waitFor(`${d.id} offline`, () => has(messages, availability('itest', d.id), 'offline'))
    }
  })

  it('leaves a device alone after a reading published by hand, says so, and takes it back later', async () => {
    // Issue 10.4: 9.5 °C published by hand was overwritten by the simulator a second later.
    const { client, messages } = await listen(broker.url)
    cleanups.push(() => client.endAsync())
    const log: string[] = []
    const sim = await startSimulators({
      url: broker.url,
      stationId: 'itest',
      devices: [
        { id: 'fridge-temp', kind: 'temperature' },
        { id: 'medbox-cold', kind: 'stock' },
      ],
      intervalMs: 50,
      heartbeatMs: 50,
      holdOffMs: 3000,
      log: (m) => log.push(m),
    })
    cleanups.push(() => sim.stop())
    await sim.ready
    const fridge = () => readings(messages, 'itest', 'fridge-temp')
    await waitFor('simulated readings', () => fridge().length >= 3)

    const byHand = '{"temperature":9.5}'
    await client.publishAsync('redstation/itest/devices/fridge-temp', byHand, { qos: 1 })
    await waitFor('logged', () => log.some((l) => l.startsWith('fridge-temp: a reading from outside')))
    expect(log.find((l) => l.startsWith('fridge-temp: a reading from outside'))).toContain('3 s')
    await new Promise((r) => setTimeout(r, 600))
    // Twelve intervals later the hand reading is still the last word; the other device went on as before.
    expect(fridge().at(-1)?.payload).toBe(byHand)
    const stockBefore = readings(messages, 'itest', 'medbox-cold').length
    await waitFor(
      'the other device goes on',
      () => readings(messages, 'itest', 'medbox-cold').length > stockBefore,
    )

    await waitFor('taken back', () => fridge().at(-1)?.payload !== byHand, 8000)
    expect(log.some((l) => l.startsWith('fridge-temp: simulating again'))).toBe(true)

    // An `offline` published by hand on the availability topic holds the device too, and it comes back
    // online by itself afterwards.
    const status = availability('itest', 'medbox-cold')
    await client.publishAsync(status, 'offline', { qos: 1, retain: true })
    await waitFor('held', () => log.some((l) => l.startsWith('medbox-cold: a status from outside')))
    const mark = messages.length
    await new Promise((r) => setTimeout(r, 600))
    expect(readings(messages.slice(mark), 'itest', 'medbox-cold')).toEqual([])
    await waitFor('back online', () => has(messages.slice(mark), status, 'online'), 8000)
  })

  it('publishes the last will when a device drops, and comes back by itself', async () => {
    const { client, messages } = await listen(broker.url)
    cleanups.push(() => client.endAsync())
    const sim = await startSimulators({
      url: broker.url,
      stationId: 'itest',
      devices: DEMO_DEVICES.slice(2, 3),
    })
    cleanups.push(() => sim.stop())
    await sim.ready
    const topic = availability('itest', 'locker-01-door')
    await waitFor('online', () => has(messages, topic, 'online'))
    const conn = broker.clients.get('sim-itest-locker-01-door')?.conn as Socket | undefined
    expect(conn).toBeDefined()
    conn?.destroy()
    await waitFor('will', () => has(messages, topic, 'offline'))
    const afterWill = messages.length
    await waitFor('back online', () => has(messages.slice(afterWill), topic, 'online'))
  })
})

describe('simulate CLI', () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL')
  })

  it('streams readings until SIGTERM, then publishes offline and exits 0', async () => {
    const { client, messages } = await listen(broker.url)
    cleanups.push(() => client.endAsync())
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'devices/simulate.ts',
        '--url',
        broker.url,
        '--station',
        'cli',
        '--interval',
        '200',
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout?.on('data', (b) => {
      out += b
    })
    child.stderr?.on('data', (b) => {
      out += b
    })
    const exited = once(child, 'exit')
    await waitFor('readings from every device', () =>
      DEMO_DEVICES.every((d) => readings(messages, 'cli', d.id).length > 0),
    )
    await waitFor('periodic temperature', () => readings(messages, 'cli', 'fridge-temp').length >= 3)
    for (const d of DEMO_DEVICES) expect(out).toContain(`${d.id} online`)

    child.kill('SIGTERM')
    const [code] = await exited
    expect(code, out).toBe(0)
    for (const d of DEMO_DEVICES) {
      await waitFor(`${d.id} offline`, () => has(messages, availability('cli', d.id), 'offline'))
    }
  })

  it('exits 2 with the usage on bad arguments', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'devices/simulate.ts', '--interval', '2000'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr?.on('data', (b) => {
      err += b
    })
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(err).toMatch(/--url is required[\s\S]*usage:/)
  })
})
