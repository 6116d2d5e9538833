import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceState } from '../../server/sensors/types.js'
import { deviceClient, eventually, getJson, startTestHub, type TestHub } from '../support/hub.js'

let t: TestHub

beforeAll(async () => {
  t = await startTestHub({
    mqtt: { embedded: { host: '127.0.0.1', port: 0, allowAnonymous: false } },
    devices: [
      {
        id: 'fridge-temp',
        kind: 'temperature',
        name: '冰箱温度',
        mqtt: { username: 'fridge', password: 's3cret-fridge' },
      },
      {
        id: 'fridge-door',
        kind: 'door',
        name: '冰箱门',
        mqtt: { username: 'door', password: 's3cret-door' },
      },
    ],
  })
})
afterAll(() => t.close())

const device = async (id: string) =>
  (await getJson<{ devices: DeviceState[] }>(`${t.url}/api/state`)).body.devices.find(
    (d) => d.id === id,
  ) as DeviceState
const fridge = { username: 'fridge', password: 's3cret-fridge' }
const door = { username: 'door', password: 's3cret-door' }

describe('the embedded broker with device logins', () => {
  it('turns away anonymous clients and wrong passwords', async () => {
    await expect(mqtt.connectAsync(t.mqttUrl, { reconnectPeriod: 0 })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    )
    await expect(
      mqtt.connectAsync(t.mqttUrl, { reconnectPeriod: 0, username: 'fridge', password: 'wrong' }),
    ).rejects.toThrow(/Bad username or password|Not authorized/i)
  })

  it('lets a device publish to its own topics only', async () => {
    const c = await deviceClient(t.mqttUrl, fridge)
    await c.publishAsync('redstation/test/devices/fridge-temp', '{"temperature": 4.4}', { qos: 1 })
    await eventually(async () => (await device('fridge-temp')).reading?.temperature === 4.4)
    // Forging the door's state: the broker refuses it (aedes closes the client), so nothing changes.
    c.publish('redstation/test/devices/fridge-door', '{"contact": false}', { qos: 1 })
    await new Promise((r) => setTimeout(r, 300))
    expect((await device('fridge-door')).reading).toBeNull()
    c.end(true)
  })
})

describe('the hub’s place on its own broker (issue 9 point 1)', () => {
  it('cannot be taken: the hub is no network client, and its old client id is refused', async () => {
    // The hub's client id used to be redstation-hub-<stationId>-<pid>: public station id, guessable pid,
    // and listed on $SYS. Connecting with it took the hub's session over.
    await expect(
      deviceClient(t.mqttUrl, { ...door, clientId: `redstation-hub-test-${process.pid}` }),
    ).rejects.toThrow(/Identifier rejected/i)
    expect(t.hub.mqtt.broker?.connectedClients()).toBe(0)
    // Whatever clients come and go, every reading reaches the hub.
    const c = await deviceClient(t.mqttUrl, fridge)
    for (let i = 1; i <= 20; i++) {
      const other = deviceClient(t.mqttUrl, { ...door, clientId: `anything-${i}` }).catch(() => null)
      await c.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: i / 10 }), {
        qos: 1,
      })
      ;(await other)?.end(true)
    }
    await eventually(async () => (await device('fridge-temp')).reading?.temperature === 2)
    const h = await getJson<{ broker: { connected: boolean; reconnects: number } }>(`${t.url}/api/health`)
    expect(h.body.broker).toMatchObject({ connected: true, reconnects: 0 })
    await c.endAsync()
  })

  it('does not let one login take over another login’s connection by its client id', async () => {
    const doorClient = await deviceClient(t.mqttUrl, { ...door, clientId: 'door-sensor-1' })
    await expect(deviceClient(t.mqttUrl, { ...fridge, clientId: 'door-sensor-1' })).rejects.toThrow(
      /Identifier rejected/i,
    )
    expect(doorClient.connected).toBe(true)
    // The same login coming back (a half-open link) may take its own session over, as MQTT says.
    const again = await deviceClient(t.mqttUrl, { ...door, clientId: 'door-sensor-1' })
    expect(again.connected).toBe(true)
    again.end(true)
    doorClient.end(true)
  })

  it('refuses subscriptions a device has no business making: everything, $SYS, other devices', async () => {
    const c = await deviceClient(t.mqttUrl, fridge)
    // mqtt.js rejects a SUBACK with refusals (0x80); the packet says which.
    const refused = await c
      .subscribeAsync(
        [
          '#',
          '$SYS/#',
          '+/#',
          'redstation/test/devices/#',
          'redstation/test/devices/fridge-door',
          '$share/g/redstation/test/devices/fridge-temp',
        ],
        { qos: 1 },
      )
      .then(
        () => null,
        (err: { packet?: { granted: number[] } }) => err.packet?.granted,
      )
    expect(refused).toEqual(Array(6).fill(128))
    const own = await c.subscribeAsync(['redstation/test/devices/fridge-temp/#'], { qos: 1 })
    expect(own.map((g) => g.qos)).toEqual([1])
    await c.endAsync()
  })
})
