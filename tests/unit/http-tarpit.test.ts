import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Tarpit } from '../../server/http/tarpit.js'

describe('holding refusals back', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const settled = (p: Promise<void>) => {
    let done = false
    void p.then(() => (done = true))
    return () => done
  }

  it('answers after about the time asked (±25 %), never all of a burst at the same instant', async () => {
    const tarpit = new Tarpit()
    const held = Array.from({ length: 50 }, () => settled(tarpit.hold(2000)))
    await vi.advanceTimersByTimeAsync(1499)
    expect(held.filter((d) => d())).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(500)
    const early = held.filter((d) => d()).length
    expect(early).toBeGreaterThan(0)
    expect(early).toBeLessThan(50)
    await vi.advanceTimersByTimeAsync(1001)
    expect(held.every((d) => d())).toBe(true)
  })

  it('answers at once past the number it may hold, and all at once when released', async () => {
    const tarpit = new Tarpit(3)
    const held = Array.from({ length: 3 }, () => settled(tarpit.hold(2000)))
    const fourth = settled(tarpit.hold(2000))
    await vi.advanceTimersByTimeAsync(0)
    expect(fourth()).toBe(true)
    expect(held.some((d) => d())).toBe(false)
    tarpit.release()
    await vi.advanceTimersByTimeAsync(0)
    expect(held.every((d) => d())).toBe(true)
    expect(tarpit.held).toBe(3)
  })
})
