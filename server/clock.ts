/**
 * Time is injected so that anything with a duration (offline timeouts, history maintenance, alert delays)
 * can be driven by vitest's fake timers instead of sleeping.
 */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

/** The real clock. It looks the globals up at call time, so `vi.useFakeTimers()` also drives it. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms)
    t.unref?.()
    return t
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
}
