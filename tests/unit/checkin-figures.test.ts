import { describe, expect, it } from 'vitest'
import { dailyFigures, dayRange, monthRange, reportRows } from '../../server/couriers/figures.js'
import { chinaDayStart } from '../../server/couriers/periods.js'

const DAY = 86_400_000
const NOW = Date.parse('2026-11-27T02:00:00Z') // 10:00 in China
const visit = (iso: string, platform: string, purposes: string[]) => ({
  id: iso,
  at: Date.parse(iso),
  platform,
  purposes,
})

describe('the days of a range, China time', () => {
  it('starts a China day at 16:00 UTC the day before, and knows no 30 February', () => {
    expect(new Date(chinaDayStart('2026-11-27') ?? 0).toISOString()).toBe('2026-11-26T16:00:00.000Z')
    expect(chinaDayStart('2026-02-30')).toBeNull()
    expect(chinaDayStart('2026-2-3')).toBeNull()
  })

  it('defaults to the 30 days up to today; from alone runs to today, to alone starts 29 days before', () => {
    const today = chinaDayStart('2026-11-27') as number
    expect(dayRange({}, NOW)).toEqual({ from: today - 29 * DAY, days: 30 })
    expect(dayRange({ from: '2026-11-20' }, NOW)).toEqual({ from: today - 7 * DAY, days: 8 })
    expect(dayRange({ to: '2026-01-30' }, NOW)).toEqual({ from: chinaDayStart('2026-01-01'), days: 30 })
    expect(dayRange({ from: '2026-11-27', to: '2026-11-27' }, NOW).days).toBe(1)
  })

  it('refuses a range backwards, longer than 400 days, or of dates that do not exist', () => {
    const code = { code: 'HUB_ERR_BAD_RANGE' }
    expect(() => dayRange({ from: '2026-11-28', to: '2026-11-27' }, NOW)).toThrow(
      expect.objectContaining(code),
    )
    expect(() => dayRange({ from: '2025-10-23', to: '2026-11-27' }, NOW)).toThrow(/at most 400 days/)
    expect(dayRange({ from: '2025-10-24', to: '2026-11-27' }, NOW).days).toBe(400)
    expect(() => dayRange({ to: '2026-13-01' }, NOW)).toThrow(/to: no such date/)
    expect(monthRange('2024-02')).toEqual({ from: chinaDayStart('2024-02-01'), days: 29 })
    expect(() => monthRange('2026-00')).toThrow(/no such month/)
  })
})

describe('daily figures', () => {
  const range = { from: chinaDayStart('2026-11-26') as number, days: 2 }
  const visits = [
    visit('2026-11-25T15:59:59Z', 'meituan', ['rest']), // 25 Nov, 23:59:59 in China: before the range
    visit('2026-11-25T16:00:00Z', 'meituan', ['rest', 'charge']), // 26 Nov, midnight in China
    visit('2026-11-27T10:00:00Z', 'uber', ['rest']), // a platform since removed from the config
    visit('2026-11-27T16:00:00Z', 'eleme', ['rest']), // 28 Nov: after the range
  ]

  it('counts each day, lists every configured id with 0, and an id no longer configured on every day', () => {
    expect(dailyFigures(visits, range, ['meituan', 'eleme'], ['rest', 'charge'])).toEqual([
      {
        date: '2026-11-26',
        total: 1,
        byPlatform: { meituan: 1, eleme: 0, uber: 0 },
        byPurpose: { rest: 1, charge: 1 },
      },
      {
        date: '2026-11-27',
        total: 1,
        byPlatform: { meituan: 0, eleme: 0, uber: 1 },
        byPurpose: { rest: 1, charge: 0 },
      },
    ])
  })

  it('makes the report: Chinese headings in config order, the unconfigured id by its id, a totals row', () => {
    const days = dailyFigures(visits, range, ['meituan', 'eleme'], ['rest', 'charge'])
    const rows = reportRows(
      days,
      [
        { id: 'meituan', zh: '美团' },
        { id: 'eleme', zh: '饿了么' },
      ],
      [
        { id: 'rest', zh: '歇脚休息' },
        { id: 'charge', zh: '手机充电' },
      ],
    )
    expect(rows).toEqual([
      ['日期', '人次', '美团', '饿了么', 'uber', '歇脚休息', '手机充电'],
      ['2026-11-26', 1, 1, 0, 0, 1, 1],
      ['2026-11-27', 1, 0, 0, 1, 1, 0],
      ['合计', 2, 1, 0, 1, 2, 1],
    ])
  })
})
