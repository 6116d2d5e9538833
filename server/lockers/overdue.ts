import type { Clock } from '../clock.js'

/**
 * The time limit of each running rental: `onOverdue` once `limitMs` after it started (at once for one
 * already past, after a restart), nothing once it has ended.
 */
export class OverdueTimers {
  readonly #timers = new Map<string, unknown>()
  readonly #overdue = new Set<string>()

  constructor(
    private readonly clock: Clock,
    private readonly limitMs: number,
    private readonly onOverdue: (locker: string) => void,
  ) {}

  arm(locker: string, startedAt: number): void {
    this.disarm(locker)
    const left = Math.max(0, startedAt + this.limitMs - this.clock.now())
    this.#timers.set(
      locker,
      this.clock.setTimeout(() => {
        this.#timers.delete(locker)
        this.#overdue.add(locker)
        this.onOverdue(locker)
      }, left),
    )
  }

  /** The rental ended; returns whether it was overdue. */
  disarm(locker: string): boolean {
    const t = this.#timers.get(locker)
    if (t !== undefined) this.clock.clearTimeout(t)
    this.#timers.delete(locker)
    return this.#overdue.delete(locker)
  }

  isOverdue(locker: string): boolean {
    return this.#overdue.has(locker)
  }

  stop(): void {
    for (const t of this.#timers.values()) this.clock.clearTimeout(t)
    this.#timers.clear()
  }
}
