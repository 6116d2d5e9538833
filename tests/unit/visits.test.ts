import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { Couriers } from '../../server/couriers/service.js'
import { PhoneKeys } from '../../server/privacy/secret.js'
import { StationTime } from '../../server/time/station-time.js'
import { fakeCommit } from '../support/fake-commit.js'

const minutes = (n: number) => n * 60_000
const days = (n: number) => n * 86_400_000

function couriers(personalDays = 90) {
  const store = fakeCommit()
  const keys = new PhoneKeys(Buffer.alloc(32, 7))
  const c = new Couriers({
    store,
    phones: keys,
    clock: systemClock,
    time: new StationTime('Asia/Shanghai'),
    repeatMin: 10,
    personalDays,
  })
  return { c, store, appended: store.appended }
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
    // The kiosk asks first: the answer must agree with the check-in that follows (issue #10 point 5).
    expect(c.lookup('13812341234')).toEqual({
      known: true,
      platform: 'meituan',
      purposes: ['rest'],
      visitsThisMonth: 1,
      repeat: true,
    })
    const again = await c.checkIn('13812341234', 'eleme', ['meal'])
    expect(again).toEqual({ ...first, repeat: true })
    await vi.advanceTimersByTimeAsync(minutes(2))
    expect(c.lookup('13812341234')).toMatchObject({ repeat: false, visitsThisMonth: 1 })
    const later = await c.checkIn('13812341234', 'eleme', ['meal'])
    expect(later).toMatchObject({ repeat: false, returning: true, visitsThisMonth: 2, platform: 'eleme' })
    expect(later.id).not.toBe(first.id)
    expect(appended.map((a) => a.type)).toEqual(['checkin', 'checkin'])
  })

  it('counts visits in the calendar month of station time (China: it starts at 16:00 UTC)', async () => {
    const { c } = couriers()
    vi.setSystemTime(new Date('2026-11-30T15:30:00Z')) // 23:30, 30 November in China
    expect((await c.checkIn('13812341234', 'sf', ['rest'])).visitsThisMonth).toBe(1)
    vi.setSystemTime(new Date('2026-11-30T15:50:00Z')) // 23:50, still November
    expect((await c.checkIn('13812341234', 'sf', ['rest'])).visitsThisMonth).toBe(2)
    vi.setSystemTime(new Date('2026-11-30T16:10:00Z')) // 00:10, 1 December in China (still 30 Nov in UTC)
    const december = await c.checkIn('13812341234', 'sf', ['water'])
    expect(december).toMatchObject({ visitsThisMonth: 1, returning: true })
    expect(c.lookup('13812341234')).toEqual({
      known: true,
      platform: 'sf',
      purposes: ['water'],
      visitsThisMonth: 1,
      repeat: true,
    })
  })

  it('is taken back when it cannot be made durable: not counted, not remembered', async () => {
    const { c, store } = couriers()
    store.fail = true
    await expect(c.checkIn('13812341234', 'jd', ['water'])).rejects.toThrow('disk full')
    expect(c.lookup('13812341234')).toEqual({
      known: false,
      platform: null,
      purposes: [],
      visitsThisMonth: 0,
      repeat: false,
    })
    expect(c.stats('day', ['jd'], ['water']).total).toBe(0)
    store.fail = false
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

  it('counts today after a clock that ran 30 days ahead came back (issue #9, point 13)', async () => {
    const { c } = couriers()
    vi.setSystemTime(new Date('2026-12-27T02:00:00Z')) // the clock jumped 30 days ahead
    await c.checkIn('13812341234', 'sf', ['rest'])
    vi.setSystemTime(new Date('2026-11-27T02:05:00Z')) // and came back
    const today = await c.checkIn('13812341234', 'sf', ['rest'])
    expect(today.repeat).toBe(false)
    expect(c.stats('day', ['sf'], ['rest']).total).toBe(1)
  })
})

describe('figures and personal data', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-30T04:00:00Z')) // Monday 30 November, 12:00 in China
  })
  afterEach(() => vi.useRealTimers())

  it('count the visits of today, this week and this month by platform and purpose, every id listed', async () => {
    const { c } = couriers()
    const at = async (iso: string, phone: string, platform: string, purposes: string[]) => {
      vi.setSystemTime(new Date(iso))
      await c.checkIn(phone, platform, purposes)
    }
    await at('2026-11-29T15:59:00Z', '13800000001', 'meituan', ['rest']) // Sunday 23:59 in China: last week
    await at('2026-11-29T16:00:00Z', '13800000002', 'meituan', ['rest', 'meal']) // Monday 00:00
    await at('2026-11-30T03:00:00Z', '13800000003', 'eleme', ['water'])
    vi.setSystemTime(new Date('2026-11-30T04:00:00Z'))
    const platforms = ['meituan', 'eleme', 'sf']
    const purposes = ['rest', 'meal', 'water']
    expect(c.stats('day', platforms, purposes)).toMatchObject({
      total: 2,
      byPlatform: { meituan: 1, eleme: 1, sf: 0 },
      byPurpose: { rest: 1, meal: 1, water: 1 },
      from: '2026-11-29T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    })
    expect(c.stats('week', platforms, purposes).total).toBe(2)
    expect(c.stats('month', platforms, purposes).total).toBe(3)
  })

  it('forget a phone past privacy.personalDataDays, and keep its figures', async () => {
    const { c } = couriers(90)
    await c.checkIn('13812341234', 'sf', ['rest'])
    vi.setSystemTime(Date.now() + days(91))
    expect(c.forgetOld()).toBe(1)
    expect(c.lookup('13812341234').known).toBe(false)
    const again = await c.checkIn('13812341234', 'sf', ['rest'])
    expect(again.returning).toBe(false)
    const nov30 = c.counts.get('2026-11-30')
    expect(nov30?.total).toBe(1)
  })
})
