import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceState } from '../../server/sensors/types.js'
import { eventually, getJson, startTestHub, type TestHub } from '../support/hub.js'

const run = promisify(execFile)
let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())

const pub = (topic: string, message: string) =>
  run('mosquitto_pub', [
    '-h',
    '127.0.0.1',
    '-p',
    String(new URL(t.mqttUrl).port),
    '-q',
    '1',
    '-t',
    topic,
    '-m',
    message,
  ])
const fridge = async () =>
  (await getJson<{ devices: DeviceState[] }>(`${t.url}/api/state`)).body.devices.find(
    (d) => d.id === 'fridge-temp',
  )

describe('mosquitto_pub against the embedded broker (what the README tells a person to try)', () => {
  it('a reading shows in /api/state within a second; garbage changes nothing and the hub stays up', async () => {
    const t0 = Date.now()
    await pub('redstation/test/devices/fridge-temp', '{"temperature": 7.5}')
    await eventually(async () => (await fridge())?.reading?.temperature === 7.5, 1000)
    expect(Date.now() - t0).toBeLessThan(1000)

    await pub('redstation/test/devices/fridge-temp', 'garbage')
    const after = await eventually(async () => {
      const d = await fridge()
      return d?.rejected === 1 && d
    })
    expect(after.reading?.temperature).toBe(7.5)
    expect((await getJson<{ status: string }>(`${t.url}/api/health`)).body.status).toBe('ok')
  })
})
