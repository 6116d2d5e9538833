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
    const fridge = await deviceClient(t.mqttUrl, { username: 'fridge', password: 's3cret-fridge' })
    await fridge.publishAsync('redstation/test/devices/fridge-temp', '{"temperature": 4.4}', { qos: 1 })
    await eventually(async () => (await device('fridge-temp')).reading?.temperature === 4.4)
    // Forging the door's state: the broker refuses it (aedes closes the client), so nothing changes.
    fridge.publish('redstation/test/devices/fridge-door', '{"contact": false}', { qos: 1 })
    await new Promise((r) => setTimeout(r, 300))
    expect((await device('fridge-door')).reading).toBeNull()
    fridge.end(true)
  })
})
