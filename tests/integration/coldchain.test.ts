import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceClient, eventually, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

interface Record {
  name: string
  profile: string
  days: { date: string; min: number | null; max: number | null; readings: number }[]
  excursions: {
    id: string
    type: string
    end: string | null
    peak: number
    action: string | null
    actionBy: string | null
  }[]
}

let t: TestHub
let manager: string
beforeAll(async () => {
  t = await startTestHub({ alerts: { temperature: { food: { delayMin: 0, clearAfterMin: 0 } } } })
  manager = await loginAs(t, 'manager')
})
afterAll(() => t.close())

const record = async () =>
  (await getJson<Record>(`${t.url}/api/manage/coldchain/fridge-temp?days=7`, manager)).body

describe('the cold-chain record of a fridge', () => {
  it('keeps daily min/max and an excursion log with the corrective action, exportable as CSV', async () => {
    const sensor = await deviceClient(t.mqttUrl)
    for (const v of [4.1, 7.4, 8.6, 6.0, 3.2])
      await sensor.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: v }), {
        qos: 1,
      })
    await sensor.endAsync()
    const r = await eventually(async () => {
      const x = await record()
      return x.excursions[0]?.end ? x : undefined
    })
    expect(r.days).toHaveLength(7)
    expect(r.days.at(-1)).toMatchObject({ min: 3.2, max: 8.6, readings: 5 })
    expect(r.excursions[0]).toMatchObject({ type: 'temperature-high', peak: 8.6, action: null })

    const id = r.excursions[0]?.id as string
    const res = await fetch(`${t.url}/api/manage/coldchain/fridge-temp/excursions/${id}/action`, {
      method: 'POST',
      headers: { cookie: manager, 'content-type': 'application/json' },
      body: JSON.stringify({ action: '门未关严，已关好；食物检查后未丢弃' }),
    })
    expect(res.status).toBe(200)
    expect((await record()).excursions[0]).toMatchObject({
      action: '门未关严，已关好；食物检查后未丢弃',
      actionBy: 'manager-1',
    })

    const csv = await fetch(`${t.url}/api/manage/coldchain/fridge-temp/export.csv?days=7`, {
      headers: { cookie: manager },
    })
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="coldchain-fridge-temp.csv"')
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the BOM spreadsheet programs need
    const text = new TextDecoder().decode(bytes)
    // Issue 10.17: the header is the first row (no title line above it, which a spreadsheet took as the
    // header); the device is named in a column of its own.
    const lines = text.split('\r\n') // (TextDecoder has taken the BOM off)
    expect(lines[0]).toBe('设备 device,日期 date,最低 min °C,最高 max °C,读数 readings')
    expect(lines[1]).toMatch(/^冰箱温度,\d{4}-\d\d-\d\d,/)
    expect(text).toContain('门未关严，已关好；食物检查后未丢弃')
    expect(text).toContain(',3.2,8.6,5')
  })

  it('answers 404 for a device that is not a fridge', async () => {
    expect((await getJson(`${t.url}/api/manage/coldchain/fridge-door`, manager)).status).toBe(404)
  })
})
