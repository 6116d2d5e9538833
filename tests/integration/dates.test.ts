import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

/** Issue 9 point 11: a date that does not exist is refused wherever a date is taken, never rolled over. */
let t: TestHub
let manager: string

beforeAll(async () => {
  t = await startTestHub({
    stock: [{ id: 'masks', name: '口罩', unit: '个', min: 1, target: 10 }],
  })
  manager = await loginAs(t, 'manager')
})
afterAll(() => t.close())

async function send(method: string, path: string, body: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: manager },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as { code: string; message: string } }
}

describe('dates that do not exist', () => {
  it('answer 400 HUB_ERR_BAD_RANGE in a query, naming the field', async () => {
    const cases = [
      '/api/devices/fridge-temp/history?from=2026-02-30T00:00:00Z',
      '/api/devices/fridge-temp/history?to=2026-02-30T00:00:00Z',
      '/api/devices/fridge-temp/history?from=2026-04-31T10:00:00%2B08:00',
      '/api/devices/fridge-temp/history?from=2026-02-28T24:00:00Z',
      '/api/manage/alerts/history?from=x',
      '/api/manage/alerts/history?to=2026-02-30T00:00:00Z',
      '/api/manage/checkins/daily?from=2026-02-30',
    ]
    for (const path of cases) {
      const res = await getJson<{ code: string; message: string }>(`${t.url}${path}`, manager)
      expect(res.status, path).toBe(400)
      expect(res.body.code, path).toBe('HUB_ERR_BAD_RANGE')
      expect(res.body.message, path).toMatch(/\b(from|to)\b/)
    }
  })

  it('still take real dates and milliseconds', async () => {
    const ok = [
      '/api/devices/fridge-temp/history?from=2024-02-29T00:00:00Z&to=2024-03-01T00:00:00Z',
      `/api/devices/fridge-temp/history?from=${Date.now() - 3_600_000}`,
      '/api/manage/alerts/history?from=2026-02-01T00:00:00%2B08:00',
    ]
    for (const path of ok) expect((await getJson(`${t.url}${path}`, manager)).status, path).toBe(200)
  })

  it('refuses a cold-chain range that is not a whole number of days', async () => {
    for (const days of ['1.5', '7e1', '', 'seven']) {
      const res = await getJson<{ code: string; message: string }>(
        `${t.url}/api/manage/coldchain/fridge-temp?days=${days}`,
        manager,
      )
      expect(res.status, days).toBe(400)
      expect(res.body.message, days).toContain('days: expected a whole number')
    }
  })

  it('refuses impossible days and times in bodies (a restock expiry, a notice, a screening)', async () => {
    const restock = await send('POST', '/api/manage/stock/items/masks/restock', {
      quantity: 5,
      batch: 'K1',
      expires: '2027-02-30',
    })
    expect(restock.status).toBe(400)
    expect(restock.body.message).toContain('expires: expected a real calendar day, YYYY-MM-DD')
    const notice = await send('POST', '/api/manage/notices', {
      category: 'jobs',
      title: '招聘会',
      body: '',
      until: '2027-02-30T12:00:00+08:00',
    })
    expect(notice.status).toBe(400)
    expect(notice.body.message).toMatch(/^until: /)
    const screening = await send('POST', '/api/manage/screenings', {
      title: '体检',
      organiser: '医院',
      start: '2027-02-29T09:00:00+08:00',
      end: '2027-03-01T11:00:00+08:00',
      place: '驿站',
      capacity: 3,
    })
    expect(screening.status).toBe(400)
    expect(screening.body.message).toMatch(/^start: /)
  })
})
