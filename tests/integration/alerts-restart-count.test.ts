import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceClient, eventually, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

interface Alert {
  id: string
  type: string
  subject: string
  count: number
}

const settings = {
  alerts: { temperature: { food: { delayMin: 0, clearAfterMin: 0 } } },
  stock: [{ id: 'masks', name: '口罩', unit: '个', min: 5, target: 50, batches: [] }],
}

let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'alerts-restart-count-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

async function openAlerts(t: TestHub): Promise<Alert[]> {
  const manager = await loginAs(t, 'manager')
  return (await getJson<{ alerts: Alert[] }>(`${t.url}/api/manage/alerts`, manager)).body.alerts
}

describe('an open alert across a hub restart', () => {
  it('keeps its repeat count: the readings saved before the restart are judged again, not counted again', async () => {
    const first = await startTestHub(settings, { dataDir })
    const sensor = await deviceClient(first.mqttUrl)
    await sensor.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: 9 }), {
      qos: 1,
    })
    const before = await eventually(async () => {
      const alerts = await openAlerts(first)
      const fridge = alerts.find((a) => a.subject === 'fridge-temp')
      const masks = alerts.find((a) => a.subject === 'item:masks')
      return fridge && masks ? { fridge, masks } : undefined
    })
    expect([before.fridge.count, before.masks.count]).toEqual([1, 1])
    await sensor.endAsync()
    await first.close()

    const second = await startTestHub(settings, { dataDir })
    try {
      const after = await openAlerts(second)
      expect(after.find((a) => a.subject === 'fridge-temp')).toMatchObject({ id: before.fridge.id, count: 1 })
      expect(after.find((a) => a.subject === 'item:masks')).toMatchObject({ id: before.masks.id, count: 1 })
      // A new reading after the restart is a repeat as before.
      const again = await deviceClient(second.mqttUrl)
      await again.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: 9.5 }), {
        qos: 1,
      })
      await eventually(async () =>
        (await openAlerts(second)).some((a) => a.subject === 'fridge-temp' && a.count === 2),
      )
      await again.endAsync()
    } finally {
      await second.close()
    }
  })
})
