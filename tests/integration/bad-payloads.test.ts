import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceState } from '../../server/sensors/types.js'
import { deviceClient, eventually, getJson, startTestHub, type TestHub } from '../support/hub.js'

let t: TestHub
let dev: MqttClient

beforeAll(async () => {
  t = await startTestHub()
  dev = await deviceClient(t.mqttUrl)
  await dev.publishAsync('redstation/test/devices/fridge-temp', '{"temperature": 4.5}', { qos: 1 })
  await dev.publishAsync('redstation/test/devices/fridge-door', '{"contact": true}', { qos: 1 })
  await dev.publishAsync('redstation/test/devices/medbox-ibuprofen', '{"count": 10}', { qos: 1 })
  await eventually(async () => (await device('medbox-ibuprofen')).reading?.count === 10)
})
afterAll(async () => {
  await dev.endAsync()
  await t.close()
})

async function device(id: string): Promise<DeviceState> {
  const { body } = await getJson<{ devices: DeviceState[] }>(`${t.url}/api/state`)
  return body.devices.find((d) => d.id === id) as DeviceState
}

const big = JSON.stringify({ temperature: 4, pad: 'x'.repeat(17 * 1024) })

// Each bad payload class: [device, payload, what the hub must say about it]
const cases: [string, string | Buffer, RegExp][] = [
  ['fridge-temp', 'not json at all', /not JSON/],
  ['fridge-temp', Buffer.from([0xff, 0xfe, 0x00, 0x01]), /not JSON/],
  ['fridge-temp', '', /empty payload/],
  ['fridge-temp', 'null', /must be a JSON object, got null/],
  ['fridge-temp', '[4.2]', /got an array/],
  ['fridge-temp', '42', /got number/],
  ['fridge-temp', '{"temperature": "4.2"}', /temperature must be a number, got string/],
  ['fridge-temp', '{"temperature": null}', /got null/],
  ['fridge-temp', '{"temperature": NaN}', /not JSON/],
  ['fridge-temp', '{"temperature": "NaN"}', /must be a number/],
  ['fridge-temp', '{"temperature": 1e999}', /not a finite number/],
  ['fridge-temp', '{"temperature": 180}', /outside -60…100/],
  ['fridge-temp', '{"temperature": -75}', /outside -60…100/],
  ['fridge-temp', big, /over the 16384-byte limit/],
  ['fridge-temp', '{"humidity": 50}', /no temperature value/],
  ['fridge-door', '{"contact": "closed"}', /contact must be true or false/],
  ['fridge-door', '{"contact": 1}', /contact must be true or false/],
  ['medbox-ibuprofen', '{"count": -3}', /outside 0…100000/],
  ['medbox-ibuprofen', '{"count": 2.5}', /whole number/],
  ['medbox-ibuprofen', '{"weight": 100}', /no unitWeight configured/],
  ['medbox-ibuprofen', '{"count": 5, "battery": 140}', /battery 140 is outside/],
]

describe('a bad payload', () => {
  it.each(cases)('on %s: %s is rejected, counted, and changes nothing', async (id, payload, reason) => {
    const before = await device(id)
    await dev.publishAsync(`redstation/test/devices/${id}`, payload, { qos: 1 })
    const after = await eventually(async () => {
      const d = await device(id)
      return d.rejected === before.rejected + 1 && d
    })
    expect(after.lastError).toMatch(reason)
    expect(after.reading).toEqual(before.reading)
    const health = await getJson<{ status: string }>(`${t.url}/api/health`)
    expect(health.status).toBe(200)
    expect(health.body.status).toBe('ok')
  })

  it('on an availability topic is rejected too', async () => {
    const before = await device('fridge-door')
    await dev.publishAsync('redstation/test/devices/fridge-door/availability', 'maybe', { qos: 1 })
    const after = await eventually(async () => {
      const d = await device('fridge-door')
      return d.rejected === before.rejected + 1 && d
    })
    expect(after.lastError).toMatch(/online or offline/)
    expect(after.online).toBe(before.online)
  })

  it('flood of unknown device ids stops growing the list at the cap and is counted', async () => {
    const small = await startTestHub({ sensors: { maxUnregistered: 5 } })
    const c = await deviceClient(small.mqttUrl)
    try {
      for (let i = 0; i < 40; i++)
        await c.publishAsync(`redstation/test/devices/rogue-${i}`, '{"count":1}', { qos: 1 })
      const health = await eventually(async () => {
        const h = await getJson<{ sensors: { unregistered: number; unregisteredDropped: number } }>(
          `${small.url}/api/health`,
        )
        return h.body.sensors.unregisteredDropped === 35 && h.body
      })
      expect(health.sensors.unregistered).toBe(5)
    } finally {
      await c.endAsync()
      await small.close()
    }
  })

  it('keeps no unknown device id longer than a configured id may be, nor one a config could not name', async () => {
    const c = await deviceClient(t.mqttUrl)
    const before = (await getJson<{ sensors: { ignored: number } }>(`${t.url}/api/health`)).body.sensors
    try {
      for (let i = 0; i < 5; i++)
        await c.publishAsync(`redstation/test/devices/${String(i).repeat(60_000)}`, '{"count":1}', { qos: 1 })
      await c.publishAsync('redstation/test/devices/not an id!', '{"count":1}', { qos: 1 })
      await c.publishAsync(`redstation/test/devices/${'l'.repeat(65)}`, '{"count":1}', { qos: 1 })
      await c.publishAsync(`redstation/test/devices/${'k'.repeat(64)}`, '{"count":1}', { qos: 1 })
      const state = await eventually(async () => {
        const res = await fetch(`${t.url}/api/state`)
        const text = await res.text()
        const body = JSON.parse(text) as { unregistered: { id: string }[] }
        return body.unregistered.some((u) => u.id === 'k'.repeat(64)) && { text, body }
      })
      expect(state.body.unregistered.every((u) => /^[A-Za-z0-9_-]{1,64}$/.test(u.id))).toBe(true)
      expect(state.text.length).toBeLessThan(20_000)
      const after = (await getJson<{ sensors: { ignored: number } }>(`${t.url}/api/health`)).body.sensors
      expect(after.ignored - before.ignored).toBe(7)
      // Nothing of them reached the journal either.
      const journal = join(t.dataDir, 'journal')
      const text = (
        await Promise.all((await readdir(journal)).map((f) => readFile(join(journal, f), 'utf8')))
      ).join('')
      expect(text).not.toContain('0000000000')
      expect(text).not.toContain('not an id')
    } finally {
      await c.endAsync()
    }
  })

  it('is summed up in /api/health', async () => {
    const { body } = await getJson<{ sensors: { rejected: number } }>(`${t.url}/api/health`)
    expect(body.sensors.rejected).toBeGreaterThanOrEqual(cases.length)
  })
})
