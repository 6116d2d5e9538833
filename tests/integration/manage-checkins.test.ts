import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Clock, systemClock } from '../../server/clock.js'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

const DAY = 86_400_000
// 10:00 on Friday 27 November 2026 in China; the hub's clock runs from there.
const BASE = Date.parse('2026-11-27T02:00:00Z')
const started = Date.now()
let offset = 0
const clock: Clock = { ...systemClock, now: () => BASE + offset + (Date.now() - started) }

type Day = {
  date: string
  total: number
  byPlatform: Record<string, number>
  byPurpose: Record<string, number>
}

let t: TestHub
let staff: string
const checkIn = async (phone: string, platform: string, purposes: string[]) =>
  (
    await fetch(`${t.url}/api/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, platform, purposes }),
    })
  ).status
const daily = (query: string) =>
  getJson<{ days: Day[]; code: string; message: string }>(`${t.url}/api/manage/checkins/daily${query}`, staff)

beforeAll(async () => {
  t = await startTestHub(
    {
      kiosk: {
        rateLimitPerMin: 10_000,
        platforms: [
          { id: 'meituan', zh: '美团', en: 'Meituan' },
          { id: 'eleme', zh: '饿了么', en: 'Ele.me' },
        ],
        purposes: [
          { id: 'rest', zh: '歇脚休息', en: 'Rest' },
          { id: 'charge', zh: '手机充电', en: 'Charge' },
        ],
      },
    },
    { clock },
  )
  staff = await loginAs(t, 'staff')
  offset = -30 * DAY // 28 October: just before the default 30 days (29 October to 27 November)
  expect(await checkIn('13700000009', 'meituan', ['rest'])).toBe(201)
  offset = -3 * DAY // 24 November
  expect(await checkIn('13700000001', 'meituan', ['rest'])).toBe(201)
  offset = -DAY // 26 November
  expect(await checkIn('13700000002', 'eleme', ['rest', 'charge'])).toBe(201)
  offset = 0
  expect(await checkIn('13700000003', 'meituan', ['charge'])).toBe(201)
  expect(await checkIn('13700000004', 'meituan', ['rest'])).toBe(201)
  expect(await checkIn('13700000004', 'eleme', ['rest'])).toBe(200) // a repeat: not counted
})
afterAll(() => t.close())

describe('check-in figures for the manager console', () => {
  it('counts each China-time day of the range, days without visits as zeros', async () => {
    const { status, body } = await daily('?from=2026-11-23&to=2026-11-27')
    expect(status).toBe(200)
    const zero = { byPlatform: { meituan: 0, eleme: 0 }, byPurpose: { rest: 0, charge: 0 } }
    expect(body.days).toEqual([
      { date: '2026-11-23', total: 0, ...zero },
      {
        date: '2026-11-24',
        total: 1,
        byPlatform: { meituan: 1, eleme: 0 },
        byPurpose: { rest: 1, charge: 0 },
      },
      { date: '2026-11-25', total: 0, ...zero },
      {
        date: '2026-11-26',
        total: 1,
        byPlatform: { meituan: 0, eleme: 1 },
        byPurpose: { rest: 1, charge: 1 },
      },
      {
        date: '2026-11-27',
        total: 2,
        byPlatform: { meituan: 2, eleme: 0 },
        byPurpose: { rest: 1, charge: 1 },
      },
    ])
  })

  it('gives the last 30 days by default, and refuses ranges it cannot read', async () => {
    const { body } = await daily('')
    expect(body.days).toHaveLength(30)
    expect([body.days[0]?.date, body.days.at(-1)?.date]).toEqual(['2026-10-29', '2026-11-27'])
    expect(body.days.reduce((n, d) => n + d.total, 0)).toBe(4)
    expect((await daily('?from=2026-10-28&to=2026-10-28')).body.days[0]?.total).toBe(1)
    expect((await daily('?from=2025-10-24&to=2026-11-27')).body.days).toHaveLength(400)

    const bad: [string, number, string, string][] = [
      ['?from=2025-10-23&to=2026-11-27', 400, 'HUB_ERR_BAD_RANGE', 'at most 400 days'],
      ['?from=2026-11-27&to=2026-11-26', 400, 'HUB_ERR_BAD_RANGE', 'from is after to'],
      ['?from=2026-02-30', 400, 'HUB_ERR_BAD_RANGE', 'from: no such date'],
      ['?from=27.11.2026', 400, 'HUB_ERR_VALIDATION', 'from: expected a date, YYYY-MM-DD'],
      ['?days=7', 400, 'HUB_ERR_VALIDATION', 'days: unknown field'],
    ]
    for (const [query, status, code, message] of bad) {
      const r = await daily(query)
      expect(r.status, query).toBe(status)
      expect(r.body.code, query).toBe(code)
      expect(r.body.message, query).toContain(message)
    }
  })

  it('gives the monthly report as CSV: a row a day, a column per platform and purpose, totals', async () => {
    const res = await fetch(`${t.url}/api/manage/checkins/report.csv?month=2026-11`, {
      headers: { cookie: staff },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="checkins-2026-11.csv"')
    const bytes = Buffer.from(await res.arrayBuffer())
    // (res.text() would drop the byte-order mark, as the WHATWG decoder does.)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    // Header, the 27 days up to today (no rows for days to come), totals, the empty string after the last CRLF.
    expect(lines).toHaveLength(1 + 27 + 1 + 1)
    expect(lines[0]).toBe('日期,人次,美团,饿了么,歇脚休息,手机充电')
    expect(lines[1]).toBe('2026-11-01,0,0,0,0,0')
    expect(lines[24]).toBe('2026-11-24,1,1,0,1,0')
    expect(lines[26]).toBe('2026-11-26,1,0,1,1,1')
    expect(lines[27]).toBe('2026-11-27,2,2,0,1,1')
    expect(lines[28]).toBe('合计,4,3,1,3,2')

    const october = await fetch(`${t.url}/api/manage/checkins/report.csv?month=2026-10`, {
      headers: { cookie: staff },
    })
    const rows = (await october.text()).split('\r\n')
    expect(rows).toHaveLength(1 + 31 + 1 + 1)
    expect(rows[32]).toBe('合计,1,1,0,1,0')
    // Without a month: this month (China time).
    const now = await fetch(`${t.url}/api/manage/checkins/report.csv`, { headers: { cookie: staff } })
    expect(now.headers.get('content-disposition')).toContain('checkins-2026-11.csv')
    const bad = await getJson<{ message: string }>(
      `${t.url}/api/manage/checkins/report.csv?month=2026-13`,
      staff,
    )
    expect(bad).toMatchObject({ status: 400, body: { message: 'month: expected a month, YYYY-MM' } })
  })

  it('is for logged-in accounts only', async () => {
    expect((await getJson(`${t.url}/api/manage/checkins/daily`)).status).toBe(401)
    expect((await getJson(`${t.url}/api/manage/checkins/report.csv`)).status).toBe(401)
  })
})
