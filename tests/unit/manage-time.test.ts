// The console's dates and times on the station's clock (station.timeZone), whatever zone the phone is in:
// the same answers with the process in UTC, Asia/Shanghai and America/New_York.
import { afterEach, describe, expect, it } from 'vitest'
import {
  dayEndOf,
  fromWall,
  midnightsWithin,
  monthBefore,
  stationDay,
  stationMonth,
  stationZone,
  toWall,
} from '../../kiosk-ui/src/lib/manage-time.js'
import { dateTime, dayText, lang } from '../../kiosk-ui/src/manage/i18n.js'

const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York']
const before = process.env.TZ
afterEach(() => {
  process.env.TZ = before
  stationZone.value = 'Asia/Shanghai'
  lang.value = 'zh-CN'
})

function answers() {
  const at = Date.parse('2026-11-30T16:30:00Z') // 00:30 on 1 December at the station, 30 November in UTC
  return {
    day: stationDay(at),
    month: stationMonth(at),
    monthBefore: monthBefore(at),
    wall: toWall(at),
    shown: dateTime(new Date(at).toISOString()),
    start: new Date(fromWall('2026-12-03T09:00') as number).toISOString(),
    dayEnd: new Date(dayEndOf('2026-12-01') as number).toISOString(),
    week: midnightsWithin(at - 7 * 86_400_000, at).map((ms) => new Date(ms).toISOString()),
  }
}

describe('the console’s station time', () => {
  it('gives the same answers whatever the zone the phone is in', () => {
    const results = ZONES.map((zone) => {
      process.env.TZ = zone
      return answers()
    })
    expect(results[1]).toEqual(results[0])
    expect(results[2]).toEqual(results[0])
    expect(results[0]).toEqual({
      day: '2026-12-01',
      month: '2026-12',
      monthBefore: '2026-11',
      wall: '2026-12-01T00:30',
      shown: '12月1日 00:30',
      start: '2026-12-03T01:00:00.000Z',
      dayEnd: '2026-12-01T15:59:59.000Z',
      // The station midnights of the week up to now: 25 November to 1 December.
      week: [24, 25, 26, 27, 28, 29, 30].map((d) => `2026-11-${d}T16:00:00.000Z`),
    })
  })

  it('takes a wall time in a zone with summer time: a 23-hour day, a time in the gap', () => {
    stationZone.value = 'America/New_York'
    // 8 March 2026: clocks go from 02:00 to 03:00.
    expect(new Date(fromWall('2026-03-08T01:30') as number).toISOString()).toBe('2026-03-08T06:30:00.000Z')
    expect(new Date(fromWall('2026-03-08T02:30') as number).toISOString()).toBe('2026-03-08T07:30:00.000Z')
    const days = midnightsWithin(Date.parse('2026-03-07T00:00Z'), Date.parse('2026-03-10T00:00Z'))
    expect(days.map((d) => new Date(d).toISOString())).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ])
    expect(toWall(Date.parse('2026-03-09T04:00:00Z'))).toBe('2026-03-09T00:00')
  })

  it('names a day unmistakably in either language', () => {
    const at = Date.parse('2026-12-03T01:00:00Z')
    expect(dayText(at)).toBe('12月3日')
    lang.value = 'en'
    expect(dayText(at)).toBe('3 Dec')
  })
})
