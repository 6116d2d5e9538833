import { describe, expect, it } from 'vitest'
import { DailyCounts } from '../../server/couriers/daily-counts.js'
import { dailyFigures, dayRange, monthRange, reportRows } from '../../server/couriers/figures.js'
import { StationTime } from '../../server/time/station-time.js'

const NOW = Date.parse('2026-11-27T02:00:00Z') // 10:00 in China
const time = new StationTime('Asia/Shanghai')

describe('the days of a range, station time', () => {
  it('defaults to the 30 days up to today; from alone runs to today, to alone starts 29 days before', () => {
    const r = dayRange({}, NOW, time)
    expect([r.length, r[0], r.at(-1)]).toEqual([30, '2026-10-29', '2026-11-27'])
    expect(dayRange({ from: '2026-11-20' }, NOW, time)).toHaveLength(8)
    const to = dayRange({ to: '2026-01-30' }, NOW, time)
    expect([to.length, to[0]]).toEqual([30, '2026-01-01'])
    expect(dayRange({ from: '2026-11-27', to: '2026-11-27' }, NOW, time)).toEqual(['2026-11-27'])
  })

  it('refuses a range backwards, longer than 400 days, or of dates that do not exist', () => {
    const code = { code: 'HUB_ERR_BAD_RANGE' }
    expect(() => dayRange({ from: '2026-11-28', to: '2026-11-27' }, NOW, time)).toThrow(
      expect.objectContaining(code),
    )
    expect(() => dayRange({ from: '2025-10-23', to: '2026-11-27' }, NOW, time)).toThrow(/at most 400 days/)
    expect(dayRange({ from: '2025-10-24', to: '2026-11-27' }, NOW, time)).toHaveLength(400)
    expect(() => dayRange({ to: '2026-13-01' }, NOW, time)).toThrow(/to: no such date/)
    expect(() => dayRange({ from: '2026-02-30' }, NOW, time)).toThrow(/from: no such date/)
    expect(monthRange('2024-02', NOW, time)).toHaveLength(29)
    expect(() => monthRange('2026-00', NOW, time)).toThrow(/no such month/)
  })

  it('gives a month up to today only: no rows for days still to come (issue #10, point 17)', () => {
    const days = monthRange('2026-11', NOW, time)
    expect([days.length, days.at(-1)]).toEqual([27, '2026-11-27'])
  })
})

describe('daily figures', () => {
  const counts = new DailyCounts()
  counts.add('2026-11-25', 'meituan', ['rest']) // before the range
  counts.add('2026-11-26', 'meituan', ['rest', 'charge'])
  counts.add('2026-11-27', 'uber', ['rest']) // a platform since removed from the config
  counts.add('2026-11-28', 'eleme', ['rest']) // after the range
  const days = ['2026-11-26', '2026-11-27']

  it('counts each day, lists every configured id with 0, and an id no longer configured on every day', () => {
    expect(dailyFigures(counts, days, ['meituan', 'eleme'], ['rest', 'charge'])).toEqual([
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
    const figures = dailyFigures(counts, days, ['meituan', 'eleme'], ['rest', 'charge'])
    const rows = reportRows(
      figures,
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
