import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BusQueue } from '../../devices/lock-board/bus-queue.js'
import { systemClock } from '../../devices/lock-board/clock.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('one queue per bus', () => {
  it('runs one transaction at a time, with the gap after each, unlocks before waiting reads', async () => {
    const q = new BusQueue(systemClock, 25)
    const log: string[] = []
    let onWire = 0
    const job = (name: string, ms: number) => async () => {
      onWire++
      expect(onWire).toBe(1)
      log.push(`${name}@${Date.now() % 100_000}`)
      await new Promise((r) => setTimeout(r, ms))
      onWire--
      return name
    }
    vi.setSystemTime(0)
    const done = [
      q.run('read', {}, job('poll-0', 10)),
      q.run('read', {}, job('poll-1', 10)),
      q.run('read', {}, job('poll-2', 10)),
      q.run('unlock', {}, job('unlock', 10)),
    ]
    await vi.advanceTimersByTimeAsync(1000)
    expect(await Promise.all(done)).toEqual(['poll-0', 'poll-1', 'poll-2', 'unlock'])
    // poll-0 was already on the wire; the unlock went next, ahead of the polls waiting.
    expect(log).toEqual(['poll-0@0', 'unlock@35', 'poll-1@70', 'poll-2@105'])
  })

  it('fails every waiting job at once, and only those', async () => {
    const q = new BusQueue<{ n: number }>(systemClock, 5)
    const first = q.run('read', { n: 1 }, () => new Promise((r) => setTimeout(() => r('done'), 50)))
    const rest = [q.run('unlock', { n: 2 }, async () => 'x'), q.run('read', { n: 3 }, async () => 'y')]
    q.failAll((kind, meta) => new Error(`${kind} ${meta.n} dropped`))
    await expect(rest[0]).rejects.toThrow('unlock 2 dropped')
    await expect(rest[1]).rejects.toThrow('read 3 dropped')
    await vi.advanceTimersByTimeAsync(100)
    expect(await first).toBe('done')
  })
})
