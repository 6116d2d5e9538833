import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LockBoardError } from '../../devices/lock-board/errors.js'
import { CabinetMonitor } from '../../devices/lock-board/monitor.js'
import { memoryCabinet, named } from '../support/lock-board.js'

// The monitor's time-based rules on the real driver, parser and simulator, joined by a serial line in memory
// so that vitest's fake timers drive every poll, timeout, jam window and backoff.

const seconds = (n: number) => n * 1000
const stops: Array<() => Promise<void>> = []

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2026-12-03T09:00:00Z'))
})
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
  vi.useRealTimers()
})

async function cabinet(opts: Parameters<typeof memoryCabinet>[0]) {
  const c = memoryCabinet(opts)
  stops.push(() => c.stop())
  await c.start()
  await vi.advanceTimersByTimeAsync(100)
  return c
}

const cu16 = (extra: Partial<Parameters<typeof memoryCabinet>[0]> = {}) =>
  cabinet({ profile: 'kerong-cu16', boards: [{ address: 0, locks: 8 }], ...extra })

const statusFrames = (c: Awaited<ReturnType<typeof cabinet>>) =>
  c.sim.received.filter((r) => r.request.kind === 'status').length

describe('cabinet monitor: polling', () => {
  it('polls each board at the profile default rate (500 ms on a KR-CU16)', async () => {
    const c = await cu16()
    const before = statusFrames(c)
    await vi.advanceTimersByTimeAsync(seconds(10))
    expect(statusFrames(c) - before).toBeGreaterThanOrEqual(19)
    expect(statusFrames(c) - before).toBeLessThanOrEqual(21)
  })

  it('refuses a poll period below what the profile allows', () => {
    const c = memoryCabinet({ profile: 'kerong-cu16', boards: [{ address: 0, locks: 8 }] })
    expect(() => new CabinetMonitor({ bus: c.bus, boards: [{ address: 0, locks: 8 }], pollMs: 20 })).toThrow(
      /allows 50 ms at least/,
    )
  })

  it('starts polling on a bus its owner opened before start()', async () => {
    const c = memoryCabinet({ profile: 'kerong-cu16', boards: [{ address: 0, locks: 8 }] })
    stops.push(() => c.stop())
    await c.sim.start()
    await c.bus.open()
    await c.monitor.start()
    await vi.advanceTimersByTimeAsync(100)
    expect(named(c.events, 'board-online')).toMatchObject([{ board: 0, first: true }])
  })

  it('reports every lock when a board first answers, then only changes', async () => {
    const c = await cu16()
    const online = named(c.events, 'board-online')
    expect(online).toHaveLength(1)
    expect(online[0]).toMatchObject({ board: 0, first: true })
    expect(online[0]?.locks.map((l) => l.open)).toEqual(Array(8).fill(false))
    await vi.advanceTimersByTimeAsync(seconds(5))
    expect(c.events.filter((e) => e.event !== 'bus-up' && e.event !== 'board-online')).toEqual([])
  })
})

describe('cabinet monitor: unlocks', () => {
  it('confirms an unlock only from a status that shows the door open, however long the relay took', async () => {
    const c = await cu16({ boards: [{ address: 0, locks: 8, openDelayMs: 1200 }] })
    const outcome = c.monitor.unlock(0, 2)
    await vi.advanceTimersByTimeAsync(1100)
    expect(c.sim.unlocksSeen(0, 2)).toHaveLength(1)
    expect(named(c.events, 'unlock-confirmed')).toEqual([])
    await vi.advanceTimersByTimeAsync(400)
    const result = await outcome
    expect(result).toMatchObject({ outcome: 'opened', relay: 'sent' })
    // Polled at the profile's fastest (50 ms) while watching: seen open within one poll of the opening.
    expect(result.outcome === 'opened' && result.afterMs).toBeGreaterThanOrEqual(1200)
    expect(result.outcome === 'opened' && result.afterMs).toBeLessThan(1200 + 50 + 60)
    expect(named(c.events, 'door-opened')).toMatchObject([{ board: 0, lock: 2, commanded: true }])
    expect(named(c.events, 'uncommanded-open')).toEqual([])
  })

  it('reports a jam when no status shows the door open within the window, and never fires again', async () => {
    const c = await cu16({ monitor: { jamAfterMs: 5000 } })
    c.sim.board(0).jam(4)
    const outcome = c.monitor.unlock(0, 4)
    await vi.advanceTimersByTimeAsync(4900)
    expect(named(c.events, 'jam')).toEqual([])
    await vi.advanceTimersByTimeAsync(200)
    expect(await outcome).toMatchObject({ outcome: 'jammed', relay: 'sent', statusSeen: true })
    expect(named(c.events, 'jam')).toMatchObject([{ board: 0, lock: 4, statusSeen: true }])
    await vi.advanceTimersByTimeAsync(seconds(30))
    expect(c.sim.unlocksSeen(0, 4)).toHaveLength(1)
  })

  it('counts an opening soon after a jam as the late unlock, not as uncommanded', async () => {
    const c = await cu16({ monitor: { jamAfterMs: 3000, lateOpenMs: seconds(60) } })
    c.sim.board(0).jam(4)
    void c.monitor.unlock(0, 4)
    await vi.advanceTimersByTimeAsync(seconds(10))
    c.sim.board(0).openDoor(4)
    await vi.advanceTimersByTimeAsync(1000)
    expect(named(c.events, 'unlock-confirmed')).toMatchObject([{ lock: 4, late: true }])
    expect(named(c.events, 'uncommanded-open')).toEqual([])
  })

  it('reports a door opened with no command as an uncommanded open', async () => {
    const c = await cu16()
    c.sim.board(0).openDoor(5)
    await vi.advanceTimersByTimeAsync(600)
    expect(named(c.events, 'door-opened')).toMatchObject([{ lock: 5, commanded: false, resync: false }])
    expect(named(c.events, 'uncommanded-open')).toMatchObject([{ board: 0, lock: 5 }])
    c.sim.board(0).closeDoor(5)
    await vi.advanceTimersByTimeAsync(600)
    expect(named(c.events, 'door-closed')).toMatchObject([{ lock: 5, resync: false }])
  })

  it('fires once when the same lock is asked for twice while its unlock is watched', async () => {
    const c = await cu16({ boards: [{ address: 0, locks: 8, openDelayMs: 300 }] })
    const a = c.monitor.unlock(0, 1)
    const b = c.monitor.unlock(0, 1)
    expect(b).toBe(a)
    await vi.advanceTimersByTimeAsync(1000)
    expect(await a).toMatchObject({ outcome: 'opened' })
    expect(c.sim.unlocksSeen(0, 1)).toHaveLength(1)
  })

  it('says already-open when the door was open before the unlock', async () => {
    const c = await cu16()
    c.sim.board(0).openDoor(3)
    await vi.advanceTimersByTimeAsync(600)
    const outcome = c.monitor.unlock(0, 3)
    await vi.advanceTimersByTimeAsync(200)
    expect(await outcome).toMatchObject({ outcome: 'already-open' })
  })

  it('refuses a lock it does not watch, before sending anything', async () => {
    const c = await cu16()
    await expect(c.monitor.unlock(0, 9)).rejects.toMatchObject({ code: 'invalid' })
    expect(c.sim.unlocksSeen()).toEqual([])
  })

  it('keeps going when a listener throws', async () => {
    const errors: unknown[] = []
    const c = await cu16({ monitor: { onListenerError: (err) => errors.push(err) } })
    c.monitor.on('door-opened', () => {
      throw new Error('listener bug')
    })
    c.sim.board(0).openDoor(1)
    await vi.advanceTimersByTimeAsync(600)
    c.sim.board(0).openDoor(2)
    await vi.advanceTimersByTimeAsync(600)
    expect(errors).toHaveLength(2)
    expect(named(c.events, 'uncommanded-open').map((e) => e.lock)).toEqual([1, 2])
  })
})

describe('cabinet monitor: a board that stops answering', () => {
  it('goes offline after two unanswered polls, refuses unlocks at once, and comes back by itself', async () => {
    const c = await cu16({ bus: { timing: { replyTimeoutMs: 200, readRetries: 1 } } })
    c.sim.board(0).silent = true
    await vi.advanceTimersByTimeAsync(seconds(3))
    expect(named(c.events, 'board-offline')).toMatchObject([{ board: 0, reason: 'silent' }])
    await expect(c.monitor.unlock(0, 1)).rejects.toMatchObject({ offline: true, board: 0, lock: 1 })
    c.sim.board(0).silent = false
    c.sim.board(0).openDoor(6)
    await vi.advanceTimersByTimeAsync(seconds(1))
    expect(named(c.events, 'board-online').at(-1)).toMatchObject({ board: 0, first: false })
    expect(named(c.events, 'uncommanded-open')).toMatchObject([{ lock: 6, resync: true }])
    expect(c.sim.unlocksSeen()).toEqual([])
  })

  it('never repeats an unlock that got no answer (0x8A): the door seen open settles it', async () => {
    const c = await cabinet({
      profile: 'generic-8a',
      boards: [{ address: 1, locks: 8, unlockReplyDelayMs: 500 }],
      bus: { timing: { unlockReplyTimeoutMs: 1500 } },
    })
    c.sim.board(1).noUnlockReply = true
    const outcome = c.monitor.unlock(1, 2)
    await vi.advanceTimersByTimeAsync(seconds(3))
    // The relay fired without a word: seen open by status, so opened, with the relay fact unknown.
    expect(await outcome).toMatchObject({ outcome: 'opened', relay: 'unknown' })
    expect(c.bus.stats().timeouts).toBe(1)
    expect(c.sim.unlocksSeen(1, 2)).toHaveLength(1)
  })
})

describe('lock-board bus: retries', () => {
  it('asks a silent board 1 + readRetries times, then fails with timeout: true', async () => {
    const c = memoryCabinet({
      profile: 'kerong-cu48',
      boards: [{ address: 3, locks: 48 }],
      bus: { timing: { replyTimeoutMs: 200, readRetries: 2 } },
    })
    stops.push(async () => {
      await c.bus.close()
      await c.sim.stop()
    })
    await c.sim.start()
    await c.bus.open()
    c.sim.board(3).silent = true
    const result = c.bus.statusAll(3).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(seconds(2))
    expect(await result).toMatchObject({ code: 'timeout', timeout: true, board: 3, outcomeUnknown: false })
    expect(statusFrames(c)).toBe(3)
    expect(c.bus.stats().timeouts).toBe(3)
  })

  it('refuses a board or lock outside the profile without sending anything', async () => {
    const c = memoryCabinet({ profile: 'kerong-cu16', boards: [{ address: 0, locks: 16 }] })
    stops.push(async () => {
      await c.bus.close()
      await c.sim.stop()
    })
    await c.sim.start()
    await c.bus.open()
    await expect(c.bus.unlock(10, 1)).rejects.toMatchObject({ code: 'invalid' })
    await expect(c.bus.unlock(0, 17)).rejects.toMatchObject({ code: 'invalid' })
    await vi.advanceTimersByTimeAsync(100)
    expect(c.sim.received).toEqual([])
  })
})

describe('lock-board bus: an adapter that echoes', () => {
  it('drops the echo of each request with echo: true, so it is never taken for an answer', async () => {
    // 0x8A: the echo of a query-all (80 01 00 33 B2) would read as "locks 1–8 all open".
    const c = await cabinet({
      profile: 'generic-8a',
      echo: true,
      boards: [{ address: 1, locks: 8, unlockReplyDelayMs: 100 }],
      bus: { echo: true },
    })
    await vi.advanceTimersByTimeAsync(seconds(3))
    expect(named(c.events, 'door-opened')).toEqual([])
    expect(c.bus.stats().echoes).toBeGreaterThan(5)
    // The answer to an unlock that left the lock shut is byte for byte the request: only the echo is dropped.
    c.sim.board(1).jam(2)
    const ack = c.bus.unlock(1, 2)
    await vi.advanceTimersByTimeAsync(500)
    expect(await ack).toMatchObject({ relay: 'acknowledged', feedbackClosed: true })
  })
})

describe('cabinet monitor: the USB adapter unplugged', () => {
  it('fails unlocks at once while unplugged, never fires them later, reopens with backoff and resyncs', async () => {
    const c = await cu16({ bus: { reconnect: { firstMs: 250, maxMs: 5000 } } })
    const retries: number[] = []
    c.bus.on('open-failed', (e) => retries.push(e.retryInMs))
    c.line.unplug()
    await vi.advanceTimersByTimeAsync(10)
    expect(named(c.events, 'bus-down')).toHaveLength(1)
    expect(named(c.events, 'board-offline')).toMatchObject([{ board: 0, reason: 'disconnected' }])
    const err = await c.monitor.unlock(0, 2).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LockBoardError)
    expect(err).toMatchObject({ disconnected: true, outcomeUnknown: false })
    await expect(c.bus.unlock(0, 2)).rejects.toMatchObject({ disconnected: true })
    // Someone forces a door while nobody can see.
    c.sim.board(0).openDoor(7)
    await vi.advanceTimersByTimeAsync(seconds(20))
    // Attempts at 0.25, 0.75, 1.75, 3.75, 7.75, 12.75, 17.75 s after the loss: doubling, then every 5 s.
    expect(retries).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000])
    c.line.replug()
    await vi.advanceTimersByTimeAsync(seconds(6))
    expect(named(c.events, 'bus-up').at(-1)).toMatchObject({ reopened: true })
    expect(named(c.events, 'board-online').at(-1)).toMatchObject({ board: 0, first: false })
    expect(named(c.events, 'uncommanded-open')).toMatchObject([{ lock: 7, resync: true }])
    await vi.advanceTimersByTimeAsync(seconds(10))
    expect(c.sim.unlocksSeen()).toEqual([])
    const again = c.monitor.unlock(0, 2)
    await vi.advanceTimersByTimeAsync(500)
    expect(await again).toMatchObject({ outcome: 'opened' })
    expect(c.sim.unlocksSeen(0, 2)).toHaveLength(1)
  })

  it('fails an unlock waiting in the queue when the port goes, instead of keeping it', async () => {
    const c = await cu16({ boards: [{ address: 0, locks: 8, replyDelayMs: 300 }] })
    // A poll is on the wire (300 ms answers); the unlock waits behind it.
    await vi.advanceTimersByTimeAsync(520)
    const outcome = c.monitor.unlock(0, 3).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(50)
    c.line.unplug()
    expect(await outcome).toMatchObject({ disconnected: true, outcomeUnknown: false })
    c.line.replug()
    await vi.advanceTimersByTimeAsync(seconds(10))
    expect(named(c.events, 'board-online').at(-1)).toMatchObject({ first: false })
    expect(c.sim.unlocksSeen()).toEqual([])
  })
})
