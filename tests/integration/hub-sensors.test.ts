import { readFileSync } from 'node:fs'
import type { MqttClient } from 'mqtt'
import { io as ioClient, type Socket } from 'socket.io-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceState } from '../../server/sensors/types.js'
import { deviceClient, eventually, getJson, startTestHub, type TestHub } from '../support/hub.js'

interface State {
  station: { id: string; name: string }
  devices: DeviceState[]
  unregistered: { id: string; messages: number; guessedKind: string | null }[]
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/zigbee2mqtt/${name}.json`, import.meta.url), 'utf8')) as {
    topic: string
    payload: string
  }[]

let t: TestHub
let dev: MqttClient
const sockets: Socket[] = []

beforeEach(async () => {
  t = await startTestHub()
  dev = await deviceClient(t.mqttUrl)
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await dev.endAsync()
  await t.close()
})

const state = async () => (await getJson<State>(`${t.url}/api/state`)).body
const device = async (id: string) => (await state()).devices.find((d) => d.id === id) as DeviceState
const topic = (id: string) => `redstation/test/devices/${id}`

function connectSocket(): Promise<{ socket: Socket; first: State; changes: DeviceState[] }> {
  return new Promise((resolve, reject) => {
    const socket = ioClient(t.url, { transports: ['websocket'], reconnection: false })
    sockets.push(socket)
    const changes: DeviceState[] = []
    socket.on('device', (d: DeviceState) => changes.push(d))
    socket.once('state', (first: State) => resolve({ socket, first, changes }))
    socket.once('connect_error', reject)
  })
}

describe('a reading published to the broker', () => {
  it('shows in /api/state and on a connected screen', async () => {
    const screen = await connectSocket()
    expect(screen.first.station).toEqual({ id: 'test', name: '测试驿站' })
    expect(screen.first.devices.map((d) => d.id)).toContain('fridge-temp')

    await dev.publishAsync(topic('fridge-temp'), '{"temperature": 4.2}', { qos: 1 })
    const d = await eventually(async () => {
      const x = await device('fridge-temp')
      return x.reading?.temperature === 4.2 && x
    })
    expect(d.online).toBe(true)
    expect(d.lastSeen).not.toBeNull()
    const pushed = await eventually(() =>
      screen.changes.find((c) => c.id === 'fridge-temp' && c.reading?.temperature === 4.2),
    )
    expect(pushed.online).toBe(true)
  })

  it('turns a weight into a count with the unit weight, and keeps a door as closed/open', async () => {
    await dev.publishAsync(topic('medbox-bandage'), '{"weight": 30.2}', { qos: 1 })
    await dev.publishAsync(topic('medbox-ibuprofen'), '{"count": 7}', { qos: 1 })
    await dev.publishAsync(topic('fridge-door'), '{"contact": false}', { qos: 1 })
    await eventually(async () => (await device('fridge-door')).reading?.contact === false)
    expect((await device('medbox-bandage')).reading).toMatchObject({ count: 12, weight: 30.2 })
    expect((await device('medbox-ibuprofen')).reading).toMatchObject({ count: 7 })
  })

  it('is kept in the history: readings a second apart each, a burst within a second as one point', async () => {
    for (const v of [3.9, 4.1, 4.4]) {
      await dev.publishAsync(topic('fridge-temp'), JSON.stringify({ temperature: v }), { qos: 1 })
      await eventually(async () => (await device('fridge-temp')).reading?.temperature === v)
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5)) // into the next second
    }
    for (const v of [5, 9, 7])
      await dev.publishAsync(topic('fridge-temp'), JSON.stringify({ temperature: v }), { qos: 1 })
    await eventually(async () => (await device('fridge-temp')).reading?.temperature === 7)
    const h = await getJson<{ points: { v: number; min?: number; max?: number }[] }>(
      `${t.url}/api/devices/fridge-temp/history`,
    )
    expect(h.status).toBe(200)
    expect(h.body.points.map((p) => p.v)).toEqual([3.9, 4.1, 4.4, 7])
    expect(h.body.points.at(-1)).toMatchObject({ min: 5, max: 9 })
  })
})

describe('zigbee2mqtt devices', () => {
  it('read the real zigbee2mqtt payloads mapped by friendly_name', async () => {
    const [closed, opened] = fixture('door-contact')
    await dev.publishAsync(closed?.topic as string, closed?.payload as string, { qos: 1 })
    await eventually(async () => (await device('fridge-door')).reading?.contact === true)
    await dev.publishAsync(opened?.topic as string, opened?.payload as string, { qos: 1 })
    await eventually(async () => (await device('fridge-door')).reading?.contact === false)
    const [, warm] = fixture('temperature')
    await dev.publishAsync(warm?.topic as string, warm?.payload as string, { qos: 1 })
    const d = await eventually(async () => {
      const x = await device('fridge-temp')
      return x.reading?.temperature === 9.21 && x
    })
    expect(d.battery).toBe(91)
  })

  it('keep a door opening when the secondary fields are still null (battery, linkquality, battery_low)', async () => {
    const [closed, , , , , , aqaraFirst, tuyaFirst] = fixture('door-contact')
    await dev.publishAsync(closed?.topic as string, closed?.payload as string, { qos: 1 })
    await eventually(async () => (await device('fridge-door')).reading?.contact === true)
    await dev.publishAsync(aqaraFirst?.topic as string, aqaraFirst?.payload as string, { qos: 1 })
    const door = await eventually(async () => {
      const x = await device('fridge-door')
      return x.reading?.contact === false && x
    })
    expect(door).toMatchObject({ rejected: 0, battery: 100 })
    await dev.publishAsync(tuyaFirst?.topic as string, tuyaFirst?.payload as string, { qos: 1 })
    const locker = await eventually(async () => {
      const x = await device('locker-03-door')
      return x.reading?.contact === false && x
    })
    expect(locker).toMatchObject({ rejected: 0, battery: null, batteryLow: false })
  })

  it('take availability in both the JSON and the plain form', async () => {
    const [, , , lowBattery, offline, online] = fixture('door-contact')
    await dev.publishAsync(lowBattery?.topic as string, lowBattery?.payload as string, { qos: 1 })
    await eventually(async () => (await device('locker-03-door')).batteryLow === true)
    await dev.publishAsync(offline?.topic as string, offline?.payload as string, { qos: 1, retain: true })
    await eventually(async () => (await device('locker-03-door')).online === false)
    await dev.publishAsync(online?.topic as string, online?.payload as string, { qos: 1, retain: true })
    await eventually(async () => (await device('locker-03-door')).online === true)
  })

  it('ignore a probe that reports null, counting it as rejected', async () => {
    const [good, , lostProbe] = fixture('temperature')
    await dev.publishAsync(good?.topic as string, good?.payload as string, { qos: 1 })
    await eventually(async () => (await device('fridge-temp')).reading?.temperature === 4.6)
    await dev.publishAsync(lostProbe?.topic as string, lostProbe?.payload as string, { qos: 1 })
    const d = await eventually(async () => {
      const x = await device('fridge-temp')
      return x.rejected === 1 && x
    })
    expect(d.reading?.temperature).toBe(4.6)
    expect(d.lastError).toMatch(/temperature must be a number, got null/)
  })
})

describe('native availability and unknown devices', () => {
  it('follows the retained availability topic and the last will', async () => {
    const sensor = await deviceClient(t.mqttUrl, {
      will: {
        topic: `${topic('medbox-ibuprofen')}/availability`,
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
      },
    })
    await sensor.publishAsync(`${topic('medbox-ibuprofen')}/availability`, 'online', { qos: 1, retain: true })
    await eventually(async () => (await device('medbox-ibuprofen')).online === true)
    // The sensor dies without saying goodbye: the broker publishes its will.
    ;(sensor as unknown as { stream: { destroy(): void } }).stream.destroy()
    await eventually(async () => (await device('medbox-ibuprofen')).online === false, 5000)
    sensor.end(true)
  })

  it('lists an unknown device id as unregistered, with a guessed kind', async () => {
    await dev.publishAsync(topic('new-thermo'), '{"temperature": 5}', { qos: 1 })
    await dev.publishAsync(topic('new-thermo'), '{"temperature": 5.5}', { qos: 1 })
    const u = await eventually(async () =>
      (await state()).unregistered.find((x) => x.id === 'new-thermo' && x.messages === 2),
    )
    expect(u.guessedKind).toBe('temperature')
    expect((await state()).devices.find((d) => d.id === 'new-thermo')).toBeUndefined()
  })
})
