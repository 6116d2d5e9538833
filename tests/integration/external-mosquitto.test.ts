import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrokerConnection } from '../../server/mqtt/connection.js'
import type { DeviceState } from '../../server/sensors/types.js'
import { deviceClient, eventually, getJson, startTestHub, type TestHub } from '../support/hub.js'
import { type MosquittoHandle, startMosquitto } from '../support/mosquitto.js'

let broker: MosquittoHandle
let t: TestHub

beforeAll(async () => {
  broker = await startMosquitto()
  t = await startTestHub({ mqtt: { url: broker.url, reconnectMinMs: 100, reconnectMaxMs: 400 } })
})
afterAll(async () => {
  await t?.close()
  await broker?.stop()
})

const temperature = async () => {
  const { body } = await getJson<{ devices: DeviceState[] }>(`${t.url}/api/state`)
  return body.devices.find((d) => d.id === 'fridge-temp')?.reading?.temperature
}

async function publish(payload: string) {
  const c = await deviceClient(broker.url)
  await c.publishAsync('redstation/test/devices/fridge-temp', payload, { qos: 1 })
  await c.endAsync()
}

describe('with an external Mosquitto', () => {
  it('reads sensors through it and runs no broker of its own', async () => {
    const health = await getJson<{ status: string; broker: { mode: string; url: string } }>(
      `${t.url}/api/health`,
    )
    expect(health.body.broker).toMatchObject({ mode: 'external', url: broker.url })
    expect(t.hub.mqtt.broker).toBeNull()
    // Its client id cannot be guessed (it was redstation-hub-<stationId>-<pid>), so nobody can take its
    // session over on the broker (issue 9 point 1; deploy/mosquitto/station.conf ties ids to logins too).
    expect((t.hub.mqtt.connection as BrokerConnection).clientId).toMatch(/^redstation-hub-test-[0-9a-f]{16}$/)
    await publish('{"temperature": 3.5}')
    await eventually(async () => (await temperature()) === 3.5)
  })

  it('keeps serving HTTP while the broker is gone, and reconnects by itself when it is back', async () => {
    await broker.kill()
    const degraded = await eventually(async () => {
      const h = await getJson<{ status: string }>(`${t.url}/api/health`)
      return h.body.status === 'degraded' && h
    })
    expect(degraded.status).toBe(200)
    expect(await temperature()).toBe(3.5) // the last state is still served

    await new Promise((r) => setTimeout(r, 1500)) // a few failed reconnects with backoff
    await broker.restart()
    await eventually(
      async () => (await getJson<{ status: string }>(`${t.url}/api/health`)).body.status === 'ok',
      5000,
    )
    await publish('{"temperature": 5.25}')
    await eventually(async () => (await temperature()) === 5.25)
    const h = await getJson<{ broker: { reconnects: number } }>(`${t.url}/api/health`)
    expect(h.body.broker.reconnects).toBeGreaterThan(1)
  })
})
