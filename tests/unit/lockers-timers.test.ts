import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { DoorTimers } from '../../server/lockers/door-timers.js'
import { OverdueTimers } from '../../server/lockers/overdue.js'
import { PinGuard } from '../../server/lockers/pins.js'

const SEC = 1000
const MIN = 60_000

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-05-01T08:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('a locker door left open', () => {
  it('is reminded on the kiosk after doorRemindSec, alerted after doorAlertMin, and cleared when it closes', async () => {
    const seen: string[] = []
    const doors = new DoorTimers(systemClock, 30 * SEC, 3 * MIN, {
      remind: (id) => seen.push(`remind ${id}`),
      alert: (id) => seen.push(`alert ${id}`),
      cleared: (id) => seen.push(`cleared ${id}`),
    })
    doors.opened('L1')
    await vi.advanceTimersByTimeAsync(29 * SEC)
    expect(doors.reminded('L1')).toBe(false)
    await vi.advanceTimersByTimeAsync(1 * SEC)
    expect(doors.reminded('L1')).toBe(true)
    await vi.advanceTimersByTimeAsync(150 * SEC)
    expect(seen).toEqual(['remind L1', 'alert L1'])
    doors.closed('L1')
    expect(seen.at(-1)).toBe('cleared L1')
    expect(doors.reminded('L1')).toBe(false)
  })

  it('closed before the reminder: nothing at all', async () => {
    const seen: string[] = []
    const doors = new DoorTimers(systemClock, 30 * SEC, 3 * MIN, {
      remind: (id) => seen.push(id),
      alert: (id) => seen.push(id),
      cleared: (id) => seen.push(id),
    })
    doors.opened('L2')
    await vi.advanceTimersByTimeAsync(20 * SEC)
    doors.closed('L2')
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(seen).toEqual([])
  })

  it('found open at a restart long ago counts from then: at once', async () => {
    const seen: string[] = []
    const doors = new DoorTimers(systemClock, 30 * SEC, 3 * MIN, {
      remind: (id) => seen.push(`remind ${id}`),
      alert: (id) => seen.push(`alert ${id}`),
      cleared: () => {},
    })
    doors.opened('L3', Date.now() - 10 * MIN)
    await vi.advanceTimersByTimeAsync(0)
    expect(seen).toEqual(['remind L3', 'alert L3'])
  })
})

describe('the rental time limit', () => {
  it('tells once the limit has passed, and not for a rental ended before it', async () => {
    const overdue: string[] = []
    const timers = new OverdueTimers(systemClock, 240 * MIN, (id) => overdue.push(id))
    timers.arm('L1', Date.now())
    timers.arm('L2', Date.now())
    await vi.advanceTimersByTimeAsync(239 * MIN)
    expect(timers.disarm('L2')).toBe(false)
    await vi.advanceTimersByTimeAsync(1 * MIN)
    expect(overdue).toEqual(['L1'])
    expect(timers.isOverdue('L1')).toBe(true)
    expect(timers.disarm('L1')).toBe(true)
    expect(timers.isOverdue('L1')).toBe(false)
  })

  it('a rental restored at start, already past its limit, is overdue at once', async () => {
    const overdue: string[] = []
    const timers = new OverdueTimers(systemClock, 240 * MIN, (id) => overdue.push(id))
    timers.arm('L1', Date.now() - 300 * MIN)
    await vi.advanceTimersByTimeAsync(0)
    expect(overdue).toEqual(['L1'])
  })
})

describe('PIN guessing', () => {
  it('refuses a locker after pinTries wrong codes, for pinLockMin, then lets it be tried again', async () => {
    const guard = new PinGuard(systemClock, 3, 100, 15 * MIN)
    expect(guard.failed('L1', 'a').left).toBe(2)
    expect(guard.failed('L1', 'b').left).toBe(1)
    expect(guard.failed('L1', 'c')).toMatchObject({ lockedLocker: true, left: 0 })
    // From any address: the locker is what is guessed at.
    expect(guard.refusedUntil('L1', 'd')).toBe(Date.now() + 15 * MIN)
    expect(guard.refusedUntil('L2', 'd')).toBeNull()
    await vi.advanceTimersByTimeAsync(15 * MIN)
    expect(guard.refusedUntil('L1', 'd')).toBeNull()
    expect(guard.failed('L1', 'a').left).toBe(2)
  })

  it('refuses an address after pinTriesPerAddress wrong codes on any lockers', () => {
    const guard = new PinGuard(systemClock, 5, 3, 15 * MIN)
    guard.failed('L1', 'kiosk')
    guard.failed('L2', 'kiosk')
    expect(guard.failed('L3', 'kiosk')).toMatchObject({ lockedLocker: false, lockedAddress: true })
    expect(guard.refusedUntil('L4', 'kiosk')).not.toBeNull()
    expect(guard.refusedUntil('L4', 'phone')).toBeNull()
  })

  it('a right code starts the locker’s count over', () => {
    const guard = new PinGuard(systemClock, 3, 100, 15 * MIN)
    guard.failed('L1', 'a')
    guard.failed('L1', 'a')
    guard.succeeded('L1')
    expect(guard.failed('L1', 'a').left).toBe(2)
  })
})
