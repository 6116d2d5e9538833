import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DeviceState } from '../../server/sensors/types.js'
import { Journal } from '../../server/store/journal.js'
import { deviceClient, eventually, getJson, startTestHub } from '../support/hub.js'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('a hub restarted on the same data folder', () => {
  it('shows the last known readings (as offline until the devices speak) and keeps its history and journal', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'redstation-restart-'))
    dirs.push(dataDir)
    const first = await startTestHub({}, { dataDir })
    const dev = await deviceClient(first.mqttUrl)
    await dev.publishAsync('redstation/test/devices/fridge-temp', '{"temperature": 4.8}', { qos: 1 })
    await dev.publishAsync('redstation/test/devices/medbox-ibuprofen', '{"count": 9}', { qos: 1 })
    await eventually(async () => {
      const { body } = await getJson<{ devices: DeviceState[] }>(`${first.url}/api/state`)
      return body.devices.find((d) => d.id === 'medbox-ibuprofen')?.reading?.count === 9
    })
    await dev.endAsync()
    await first.close()

    const second = await startTestHub({}, { dataDir })
    try {
      const { body } = await getJson<{ devices: DeviceState[] }>(`${second.url}/api/state`)
      const fridge = body.devices.find((d) => d.id === 'fridge-temp')
      expect(fridge).toMatchObject({ online: false, reading: { temperature: 4.8 } })
      const history = await getJson<{ points: { v: number }[] }>(
        `${second.url}/api/devices/fridge-temp/history`,
      )
      expect(history.body.points.map((p) => p.v)).toEqual([4.8])
    } finally {
      await second.close()
    }
    const journal = await Journal.open(join(dataDir, 'journal'))
    const types: string[] = []
    for await (const e of journal.read()) types.push(`${e.type}:${(e.data as { id: string }).id}`)
    await journal.close()
    expect(types).toContain('device.online:fridge-temp')
    expect(types).toContain('device.online:medbox-ibuprofen')
  })
})
