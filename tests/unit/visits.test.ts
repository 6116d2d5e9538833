import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { chinaMonth, chinaMonthIndex, periodRange } from '../../server/couriers/periods.js'
import { Couriers } from '../../server/couriers/service.js'
import { VisitBook } from '../../server/couriers/visits.js'
import { PhoneKeys } from '../../server/privacy/secret.js'
import type { Journal } from '../../server/store/journal.js'

const minutes = (n: number) => n * 60_000
const iso = (ms: number) => new Date(ms).toISOString()

/** A journal that takes every append (or fails them, when told to). */
function fakeJournal() {
  const appended: { type: string; data: unknown }[] = []
  const journal = {
    fail: false,
    append: async (type: string, data: unknown) => {
      if (journal.fail) throw new Error('disk full')
      appended.push({ type, data })
      return { seq: appended.length, ts: iso(Date.now()), type, data }
    },
    read: async function* () {},
  }
  return { journal, appended }
}

function couriers() {
  const { journal, appended } = fakeJournal()
  const keys = new PhoneKeys(Buffer.alloc(32, 7))
  return { c: new Couriers(journal as unknown as Journal, keys, systemClock, 10), journal, appended }
}

describe('a check-in', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    // 10:00 on 27 November 2026, China time
    vi.setSystemTime(new Date('2026-11-27T02:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('is the same visit within the repeat window (9 min) and a new one after it (11 min)', async () => {
    const { c, appended } = couriers()
    const first = await c.checkIn('13812341234', 'meituan', ['rest'])
    expect(first).toMatchObject({
      repeat: false,
      returning: false,
      visitsThisMonth: 1,
      phoneMasked: '138****1234',
    })
    await vi.advanceTimersByTimeAsync(minutes(9))
    const again = await c.checkIn('13812341234', 'eleme', ['meal'])
    expect(again).toEqual({ ...first, repeat: true })
    await vi.advanceTimersByTimeAsync(minutes(2))
    const later = await c.checkIn('13812341234', 'eleme', ['meal'])
    expect(later).toMatchObject({ repeat: false, returning: true, visitsThisMonth: 2, platform: 'eleme' })
    expect(later.id).not.toBe(first.id)
    expect(appended.map((a) => a.type)).toEqual(['checkin', 'checkin'])
  })

  it('counts visits in the calendar month of China time, which starts at 16:00 UTC', async () => {
    const { c } = couriers()
    vi.setSystemTime(new Date('2026-11-30T15:30:00Z')) // 23:30, 30 November in China
    expect((await c.checkIn('13812341234', 'sf', ['rest'])).visitsThisMonth).toBe(1)
    vi.setSystemTime(new Date('2026-11-30T15:50:00Z')) // 23:50, still November
    expect((await c.checkIn('13812341234', 'sf', ['rest'])).visitsThisMonth).toBe(2)
    vi.setSystemTime(new Date('2026-11-30T16:10:00Z')) // 00:10, 1 December in China (still 30 Nov in UTC)
    const december = await c.checkIn('13812341234', 'sf', ['rest'])
    expect(december).toMatchObject({ visitsThisMonth: 1, returning: true })
    expect(c.lookup('13812341234')).toEqual({ known: true, platform: 'sf', visitsThisMonth: 1 })
  })

  it('is taken back when it cannot be made durable', async () => {
    const { c, journal } = couriers()
    journal.fail = true
    await expect(c.checkIn('13812341234', 'jd', ['water'])).rejects.toThrow('disk full')
    expect(c.lookup('13812341234')).toEqual({ known: false, platform: null, visitsThisMonth: 0 })
    journal.fail = false
    expect(await c.checkIn('13812341234', 'jd', ['water'])).toMatchObject({ repeat: false, returning: false })
  })

  it('counts once when the same phone taps twice at the same instant', async () => {
    const { c, appended } = couriers()
    const [a, b] = await Promise.all([
      c.checkIn('13812341234', 'jd', ['water']),
      c.checkIn('13812341234', 'jd', ['water']),
    ])
    expect(a.id).toBe(b.id)
    expect([a.repeat, b.repeat]).toEqual([false, true])
    expect(appended).toHaveLength(1)
  })
})

describe('periods in China time', () => {
  it('day, week from Monday, and month, each [from, to)', () => {
    const t = Date.parse('2026-11-29T17:00:00Z') // Monday 30 November, 01:00 in China
    expect(chinaMonth(t)).toBe('2026-11')
    expect(chinaMonthIndex(t)).toBe(2026 * 12 + 10)
    expect(chinaMonthIndex(Date.parse('2026-11-30T15:59:59Z'))).toBe(chinaMonthIndex(t)) // 23:59:59 on the 30th
    const day = periodRange('day', t)
    expect([iso(day.from), iso(day.to)]).toEqual(['2026-11-29T16:00:00.000Z', '2026-11-30T16:00:00.000Z'])
    const week = periodRange('week', t)
    expect([iso(week.from), iso(week.to)]).toEqual(['2026-11-29T16:00:00.000Z', '2026-12-06T16:00:00.000Z'])
    const sunday = periodRange('week', Date.parse('2026-11-29T15:00:00Z')) // Sunday 23:00 in China
    expect(iso(sunday.from)).toBe('2026-11-22T16:00:00.000Z')
    const month = periodRange('month', Date.parse('2026-12-31T16:30:00Z')) // 1 January 2027 in China
    expect([iso(month.from), iso(month.to)]).toEqual(['2026-12-31T16:00:00.000Z', '2027-01-31T16:00:00.000Z'])
  })

  it('stats count the visits in the period by platform and purpose, every configured id listed', () => {
    const book = new VisitBook(minutes(10))
    const add = (at: string, phone: string, platform: string, purposes: string[]) =>
      book.add(`${at}-${phone}`, Date.parse(at), {
        phoneHash: phone,
        phoneMasked: phone,
        platform,
        purposes,
      })
    add('2026-11-29T15:59:00Z', 'a', 'meituan', ['rest']) // Sunday 23:59 in China: last week
    add('2026-11-29T16:00:00Z', 'a', 'meituan', ['rest', 'meal']) // Monday 00:00
    add('2026-11-30T03:00:00Z', 'b', 'eleme', ['water'])
    add('2026-12-01T03:00:00Z', 'c', 'eleme', ['meal']) // Tuesday: December
    const now = Date.parse('2026-11-30T04:00:00Z')
    const platforms = ['meituan', 'eleme', 'sf']
    const purposes = ['rest', 'meal', 'water']
    expect(book.stats('day', now, platforms, purposes)).toMatchObject({
      total: 2,
      byPlatform: { meituan: 1, eleme: 1, sf: 0 },
      byPurpose: { rest: 1, meal: 1, water: 1 },
    })
    expect(book.stats('week', now, platforms, purposes).total).toBe(3)
    expect(book.stats('month', now, platforms, purposes).total).toBe(3)
  })
})
