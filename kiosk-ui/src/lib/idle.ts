/**
 * Time for the kiosk's own timers (idle reset, confirmation screens), injectable so unit tests drive it
 * with vitest fake timers and the UI never sleeps in a test.
 */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Looks the globals up on every call, so fake timers installed after import still apply. */
export const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export interface IdleTimer {
  /** A touch: the countdown starts again from the full timeout. */
  touch(): void
  stop(): void
}

export interface IdleOptions {
  /** Read at every touch, so a new setting from the hub applies from the next touch on. */
  timeoutMs: () => number
  onIdle: () => void
  /** How long before `onIdle` to call `onWarn` (given the timeout); none when left out. */
  warnMs?: (timeoutMs: number) => number
  /** Told how long is left: `warnMs`. */
  onWarn?: (leftMs: number) => void
  scheduler?: Scheduler
}

/**
 * Calls `onIdle` once after `timeoutMs` without a touch, and `onWarn` `warnMs` before it; the next touch
 * arms both again.
 */
export function createIdleTimer({
  timeoutMs,
  onIdle,
  warnMs,
  onWarn,
  scheduler = realScheduler,
}: IdleOptions): IdleTimer {
  let handle: unknown = null
  let warning: unknown = null
  let stopped = false
  const clear = () => {
    if (handle !== null) scheduler.clearTimeout(handle)
    if (warning !== null) scheduler.clearTimeout(warning)
    handle = null
    warning = null
  }
  const arm = () => {
    clear()
    if (stopped) return
    const timeout = timeoutMs()
    const warn = warnMs && onWarn ? Math.min(warnMs(timeout), timeout) : 0
    if (warn > 0 && onWarn)
      warning = scheduler.setTimeout(() => {
        warning = null
        onWarn(warn)
      }, timeout - warn)
    handle = scheduler.setTimeout(() => {
      handle = null
      onIdle()
    }, timeout)
  }
  arm()
  return {
    touch: arm,
    stop() {
      stopped = true
      clear()
    },
  }
}

/**
 * Counts whole seconds down to zero, reporting each remaining second, then calls `onDone`: the
 * confirmation screen's "returning home in 5 s". Returns a cancel function.
 */
export function countdown(
  seconds: number,
  onTick: (left: number) => void,
  onDone: () => void,
  scheduler: Scheduler = realScheduler,
): () => void {
  let handle: unknown = null
  let left = Math.max(0, Math.round(seconds))
  const step = () => {
    if (left <= 0) {
      handle = null
      onDone()
      return
    }
    onTick(left)
    left -= 1
    handle = scheduler.setTimeout(step, 1000)
  }
  step()
  return () => {
    if (handle !== null) scheduler.clearTimeout(handle)
    handle = null
  }
}
