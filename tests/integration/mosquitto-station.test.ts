import { readFile } from 'node:fs/promises'
import { connect as tcp } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceState } from '../../server/sensors/types.js'
import { deviceClient, eventually, getJson, startTestHub, type TestHub } from '../support/hub.js'
import { type MosquittoHandle, startMosquitto } from '../support/mosquitto.js'

/**
 * deploy/mosquitto/station.conf and station-acl.example as written, on a real Mosquitto, with the hub as its
 * client: the protections docs/mqtt-topics.md promises for an external broker (issue 9 points 1 and 4).
 */
let broker: MosquittoHandle
let t: TestHub
const users = { hub: 'hub-pass', 'fridge-temp': 'fridge-pass', 'fridge-door': 'door-pass' }

beforeAll(async () => {
  const file = (name: string) => readFile(new URL(`../../deploy/mosquitto/${name}`, import.meta.url), 'utf8')
  broker = await startMosquitto({
    users,
    deployed: {
      conf: await file('station.conf'),
      acl: (await file('station-acl.example')).replaceAll('<station-id>', 'test'),
    },
  })
  t = await startTestHub({ mqtt: { url: broker.url, username: 'hub', password: users.hub } })
})
afterAll(async () => {
  await t?.close()
  await broker?.stop()
})

const device = async (id: string) =>
  (await getJson<{ devices: DeviceState[] }>(`${t.url}/api/state`)).body.devices.find((d) => d.id === id)

describe('a station’s own Mosquitto, set up from deploy/mosquitto/', () => {
  it('carries a device’s readings to the hub, and keeps devices to their own topics', async () => {
    const fridge = await deviceClient(broker.url, { username: 'fridge-temp', password: users['fridge-temp'] })
    await fridge.publishAsync('redstation/test/devices/fridge-temp', '{"temperature": 4.1}', { qos: 1 })
    await eventually(async () => (await device('fridge-temp'))?.reading?.temperature === 4.1)
    // A forged door reading is dropped by the ACL.
    await fridge.publishAsync('redstation/test/devices/fridge-door', '{"contact": false}', { qos: 1 })
    await fridge.publishAsync('redstation/test/devices/fridge-temp', '{"temperature": 4.2}', { qos: 1 })
    await eventually(async () => (await device('fridge-temp'))?.reading?.temperature === 4.2)
    expect((await device('fridge-door'))?.reading).toBeNull()
    await fridge.endAsync()
  })

  it('keeps the hub on the broker whatever client id another login claims', async () => {
    const id = (t.hub.mqtt.connection as unknown as { clientId: string }).clientId
    const reconnects = t.hub.mqtt.connection.reconnects
    const intruder = await deviceClient(broker.url, {
      username: 'fridge-door',
      password: users['fridge-door'],
      clientId: id,
    })
    await new Promise((r) => setTimeout(r, 300))
    expect(t.hub.mqtt.connection.connected).toBe(true)
    expect(t.hub.mqtt.connection.reconnects).toBe(reconnects)
    await intruder.endAsync()
  })

  it('cuts off a client at a packet over max_packet_size', async () => {
    const c = await deviceClient(broker.url, { username: 'fridge-temp', password: users['fridge-temp'] })
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()))
    c.publish('redstation/test/devices/fridge-temp', Buffer.alloc(2 * 1024 * 1024, 0x20), { qos: 0 })
    await closed
    c.end(true)
    expect((await getJson<{ status: string }>(`${t.url}/api/health`)).body.status).toBe('ok')
  })

  it('lets nobody in without a login', async () => {
    const { port } = new URL(broker.url)
    const socket = tcp(Number(port), '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    socket.destroy()
    await expect(deviceClient(broker.url)).rejects.toThrow(/Not authorized|Bad username/i)
  })
})
