import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { CLOCK_FLOOR_MS, waitForSetClock } from '../../server/clock-set.js'
import type { SdNotify } from '../../server/systemd/notify.js'
import { startWatchdog, watchdogMs } from '../../server/systemd/watchdog.js'

/** Records what would go to systemd (the real sd_notify is tested in tests/deploy/watchdog.test.ts). */
function recorder(): SdNotify & { sent: string[] } {
  const sent: string[] = []
  const send = async (...fields: string[]) => {
    sent.push(fields.join('\n'))
    return true
  }
  return { enabled: true, sent, send }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('watchdog', () => {
  it('takes its period from WATCHDOG_USEC, for this process only', () => {
    expect(watchdogMs({ WATCHDOG_USEC: '30000000' }, 42)).toBe(30_000)
    expect(watchdogMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' }, 42)).toBe(30_000)
    expect(watchdogMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '7' }, 42)).toBeNull()
    expect(watchdogMs({}, 42)).toBeNull()
  })

  it('pings three times a period while healthy, holds back while the store is not, and says so once', async () => {
    const notify = recorder()
    let problem: string | null = null
    const log: string[] = []
    const w = startWatchdog({
      notify,
      periodMs: 30_000,
      health: () => problem,
      clock: systemClock,
      log: (m) => log.push(m),
    })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(notify.sent).toEqual(Array(4).fill('WATCHDOG=1'))
    problem = 'the store journal is closed'
    await vi.advanceTimersByTimeAsync(60_000)
    expect(notify.sent).toHaveLength(4)
    expect(log).toEqual(['watchdog: not pinging systemd: the store journal is closed'])
    problem = null
    await vi.advanceTimersByTimeAsync(10_000)
    expect(notify.sent).toHaveLength(5)
    w.stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(notify.sent).toHaveLength(5)
  })
})

describe('an unset clock', () => {
  it('holds the start until the clock is set, saying why at once and every minute', async () => {
    vi.setSystemTime(Date.UTC(1970, 0, 1, 0, 0, 12))
    const told: string[] = []
    let started = false
    const waiting = waitForSetClock({ onWait: (m) => told.push(m) }).then(() => (started = true))
    await vi.advanceTimersByTimeAsync(150_000)
    expect(started).toBe(false)
    expect(told).toHaveLength(3)
    expect(told[0]).toContain('the clock reads 1970-01-01T00:00:12.000Z, before 2025-01-01T00:00:00.000Z')
    vi.setSystemTime(Date.UTC(2026, 4, 1))
    await vi.advanceTimersByTimeAsync(5000)
    await waiting
    expect(started).toBe(true)
  })

  it('does not wait when the clock is set', async () => {
    vi.setSystemTime(CLOCK_FLOOR_MS + 1)
    const told: string[] = []
    await waitForSetClock({ onWait: (m) => told.push(m) })
    expect(told).toEqual([])
  })
})
