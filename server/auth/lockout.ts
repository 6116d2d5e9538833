import type { Clock } from '../clock.js'

export interface LockoutOptions {
  /** Failed logins in a row for one name from one address before it must wait. Default 5. */
  freeFailures: number
  /** The first wait; each further failure doubles it. Default 30 s. */
  firstDelayMs: number
  /** The longest wait. Default 15 min. */
  maxDelayMs: number
  /** Failures are forgotten this long after the last one. Default 1 h. */
  forgetMs: number
  /** Name and address pairs tracked at most, so guessing cannot fill the memory. Default 10 000. */
  maxTracked: number
}

export const LOCKOUT_DEFAULTS: LockoutOptions = {
  freeFailures: 5,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  maxTracked: 10_000,
}

interface Entry {
  failures: number
  lastFailureAt: number
  lockedUntil: number
}

/**
 * Failed logins per name *and address*. Guessing stays slow (after 5 failures in a row a pair waits 30 s,
 * then twice as long after each further failure, up to 15 min), but only the address that failed waits: a
 * stranger's guesses at `manager` never lock the real manager out on the manager's own phone. (A single
 * lock per name did: five wrong passwords from anywhere locked the owner out, renewable forever.)
 *
 * It knows nothing of accounts, so names that do not exist wait exactly like names that do. Kept in memory
 * only; a restart forgets it.
 */
export class Lockout {
  readonly #clock: Clock
  readonly #opts: LockoutOptions
  readonly #entries = new Map<string, Entry>()

  constructor(clock: Clock, opts: Partial<LockoutOptions> = {}) {
    this.#clock = clock
    this.#opts = { ...LOCKOUT_DEFAULTS, ...opts }
  }

  /** When `name` may next be tried from `address` (ms since epoch), or null when it may now. */
  lockedUntil(name: string, address: string): number | null {
    const e = this.#current(keyOf(name, address))
    return e && e.lockedUntil > this.#clock.now() ? e.lockedUntil : null
  }

  /** Counts a failure; returns until when the pair must wait, or null when it may try again at once. */
  fail(name: string, address: string): number | null {
    const key = keyOf(name, address)
    const now = this.#clock.now()
    const e = this.#current(key) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 }
    e.failures++
    e.lastFailureAt = now
    const over = e.failures - this.#opts.freeFailures
    if (over >= 0)
      e.lockedUntil = now + Math.min(this.#opts.firstDelayMs * 2 ** Math.min(over, 30), this.#opts.maxDelayMs)
    this.#entries.delete(key)
    this.#entries.set(key, e)
    this.#trim()
    return e.lockedUntil > now ? e.lockedUntil : null
  }

  succeed(name: string, address: string): void {
    this.#entries.delete(keyOf(name, address))
  }

  get tracked(): number {
    return this.#entries.size
  }

  /** The entry of `key`, forgetting it once its last failure is old enough. */
  #current(key: string): Entry | undefined {
    const e = this.#entries.get(key)
    if (!e) return undefined
    const now = this.#clock.now()
    if (now - e.lastFailureAt < this.#opts.forgetMs && now >= e.lastFailureAt) return e
    this.#entries.delete(key)
    return undefined
  }

  /** Past the cap, drop the pairs failed longest ago (Map order), those not waiting first. */
  #trim(): void {
    if (this.#entries.size <= this.#opts.maxTracked) return
    for (const key of [...this.#entries.keys()]) this.#current(key)
    const now = this.#clock.now()
    for (const [key, e] of this.#entries) {
      if (this.#entries.size <= this.#opts.maxTracked) return
      if (e.lockedUntil <= now) this.#entries.delete(key)
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#opts.maxTracked) return
      this.#entries.delete(key)
    }
  }
}

const keyOf = (name: string, address: string) => `${address}\n${name}`
