import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { AddressRateLimiter } from '../../server/http/write-limit.js'

describe('kiosk write limit: a fixed one-minute window per address', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-27T08:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('lets `max` requests through, then says how many seconds are left in the window', () => {
    const limiter = new AddressRateLimiter(systemClock, 3)
    expect([1, 2, 3].map(() => limiter.take('10.0.0.5'))).toEqual([null, null, null])
    vi.advanceTimersByTime(20_000)
    expect(limiter.take('10.0.0.5')).toBe(40)
    vi.advanceTimersByTime(39_500)
    expect(limiter.take('10.0.0.5')).toBe(1) // never "0 seconds"
  })

  it('opens a new window a minute after the first request, and counts each address apart', () => {
    const limiter = new AddressRateLimiter(systemClock, 1)
    expect(limiter.take('10.0.0.5')).toBeNull()
    expect(limiter.take('10.0.0.6')).toBeNull()
    expect(limiter.take('10.0.0.5')).toBe(60)
    vi.advanceTimersByTime(60_000)
    expect(limiter.take('10.0.0.5')).toBeNull()
    expect(limiter.take('10.0.0.5')).toBe(60)
  })

  it('forgets the oldest windows past 10,000 addresses, so a flood of addresses cannot grow memory', () => {
    const limiter = new AddressRateLimiter(systemClock, 1)
    limiter.take('first')
    for (let i = 0; i < 10_000; i++) limiter.take(`10.1.${i >> 8}.${i & 255}`)
    // `first` was dropped to make room: it starts a new window instead of being refused.
    expect(limiter.take('first')).toBeNull()
    expect(limiter.take('10.1.39.15')).toBe(60) // the newest are still counted
  })
})
