import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expiresAt } from '../../server/alerts/expiry.js'
import { DailyCounts } from '../../server/couriers/daily-counts.js'
import { dayRange, monthRange } from '../../server/couriers/figures.js'
import { expiring } from '../../server/stock/model.js'
import { StationTime } from '../../server/time/station-time.js'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * One station time for every calendar answer (issue #8, point 7): the machine's own zone plays no part. Each
 * question is asked with the process in UTC, in Asia/Shanghai and in America/New_York (which has daylight
 * saving time), and must get the same answer.
 */
const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York']

function answers() {
  const t = new StationTime('Asia/Shanghai')
  const at = Date.parse('2026-11-30T16:30:00Z') // 00:30 on 1 December in China, still 30 Nov in UTC
  const week = t.periodRange('week', at)
  const month = t.periodRange('month', at)
  const counts = new DailyCounts()
  counts.add(t.day(at), 'sf', ['rest'])
  return {
    day: t.day(at),
    month: t.month(at),
    monthIndex: t.monthIndex(at),
    dateTime: t.dateTime(at),
    isoLocal: t.isoLocal(at),
    today: [iso(t.periodRange('day', at).from), iso(t.periodRange('day', at).to)],
    week: [iso(week.from), iso(week.to)],
    month_: [iso(month.from), iso(month.to)],
    dayStart: iso(t.dayStart('2026-12-01') as number),
    noSuchDay: t.dayStart('2026-02-30'),
    // A batch dated 30 November is expired from the end of that station day, for the alert engine…
    batchExpires: iso(expiresAt('2026-11-30', t)),
    // …and on the stock screen, which asks which batches are expired today.
    expiredOnScreen: expiring(
      [
        {
          id: 'x',
          name: 'x',
          unit: '盒',
          min: 0,
          target: 1,
          compartment: null,
          sensorCount: null,
          batches: [{ batch: 'b', expires: '2026-11-30', quantity: 1 }],
        },
      ],
      t.day(at),
      30,
    ).map((e) => e.expired),
    range: dayRange({}, at, t).slice(-2),
    monthRows: monthRange('2026-12', at, t),
  }
}

describe('station time', () => {
  const before = process.env.TZ
  afterEach(() => {
    process.env.TZ = before
  })

  it('gives the same answers whatever the zone the process runs in', () => {
    const results = ZONES.map((zone) => {
      process.env.TZ = zone
      return answers()
    })
    expect(results[1]).toEqual(results[0])
    expect(results[2]).toEqual(results[0])
    expect(results[0]).toEqual({
      day: '2026-12-01',
      month: '2026-12',
      monthIndex: 2026 * 12 + 11,
      dateTime: '2026-12-01 00:30',
      isoLocal: '2026-12-01T00:30:00+08:00',
      today: ['2026-11-30T16:00:00.000Z', '2026-12-01T16:00:00.000Z'],
      week: ['2026-11-29T16:00:00.000Z', '2026-12-06T16:00:00.000Z'],
      month_: ['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
      dayStart: '2026-11-30T16:00:00.000Z',
      noSuchDay: null,
      batchExpires: '2026-11-30T16:00:00.000Z',
      expiredOnScreen: [true],
      range: ['2026-11-30', '2026-12-01'],
      monthRows: ['2026-12-01'],
    })
  })
})

describe('a station in a zone with daylight saving time', () => {
  let t: StationTime
  beforeEach(() => {
    t = new StationTime('Europe/Berlin')
  })

  it('has days of 23 and 25 hours where the clocks change, and weeks that start at local midnight', () => {
    const spring = t.periodRange('day', Date.parse('2026-03-29T12:00:00Z'))
    expect((spring.to - spring.from) / 3_600_000).toBe(23)
    const autumn = t.periodRange('day', Date.parse('2026-10-25T12:00:00Z'))
    expect((autumn.to - autumn.from) / 3_600_000).toBe(25)
    expect(iso(t.dayStart('2026-07-01') as number)).toBe('2026-06-30T22:00:00.000Z')
    expect(iso(t.dayStart('2026-01-01') as number)).toBe('2025-12-31T23:00:00.000Z')
  })

  it('refuses a zone the system does not know', () => {
    expect(() => new StationTime('Mars/Olympus')).toThrow(/unknown time zone/)
  })
})
