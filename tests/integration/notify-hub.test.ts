import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceClient, eventually, startTestHub, type TestHub } from '../support/hub.js'
import { startReceiver } from '../support/webhook-receiver.js'

let t: TestHub
let sensor: MqttClient
let rx: Awaited<ReturnType<typeof startReceiver>>

beforeAll(async () => {
  rx = await startReceiver()
  t = await startTestHub({
    alerts: { temperature: { food: { delayMin: 0, clearAfterMin: 0 } } },
    notify: {
      webhooks: [
        { id: 'manager', format: 'json', url: rx.url('/alerts'), severities: ['critical', 'major'] },
      ],
    },
  })
  sensor = await deviceClient(t.mqttUrl)
})
afterAll(async () => {
  await sensor?.endAsync()
  await t?.close()
  await rx?.down()
})

const temp = (v: number) =>
  sensor.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: v }), { qos: 1 })
const kinds = () => rx.received.map((r) => (r.body as { kind: string }).kind)

describe('webhooks for alerts', () => {
  it('carry an alert from an MQTT reading to a webhook, and its clearing after', async () => {
    await temp(7)
    await eventually(() => kinds().includes('alert.raised'))
    const raised = rx.received.find((r) => (r.body as { kind: string }).kind === 'alert.raised')
    expect(raised?.body).toMatchObject({
      severity: 'major',
      station: { id: 'test', name: '测试驿站' },
      title: expect.stringContaining('冰箱温度'),
      alert: { type: 'temperature-high', subject: 'fridge-temp' },
    })
    await temp(3)
    await eventually(() => kinds().includes('alert.cleared'))
  })

  it('reach a receiver that was down for a while exactly once, in order', async () => {
    rx.received.length = 0
    await rx.down()
    await temp(8)
    await temp(3)
    await eventually(() => t.hub.outbox.stats.failedAttempts > 0, 5000)
    await rx.up()
    await eventually(
      () => kinds().length === 2 && t.hub.outbox.pending().every((p) => p.queued === 0),
      15_000,
    )
    expect(kinds()).toEqual(['alert.raised', 'alert.cleared'])
    const ids = rx.received.map((r) => r.headers['x-redstation-delivery'])
    expect(new Set(ids).size).toBe(2)
  }, 20_000)
})
