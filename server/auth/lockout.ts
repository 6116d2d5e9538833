import type { Clock } from '../clock.js'

export interface LockoutOptions {
  /** Failed logins in a row for one name that lock it. Default 5. */
  maxFailures: number
  /** How long a name stays locked; also how long a failure is remembered. Default 15 min. */
  lockMs: number
  /** Names tracked at most, so guessing random names cannot fill the memory. Default 10 000. */
  maxTracked: number
}

export const LOCKOUT_DEFAULTS: LockoutOptions = { maxFailures: 5, lockMs: 15 * 60_000, maxTracked: 10_000 }

interface Entry {
  failures: number
  lastFailureAt: number
  lockedUntil: number
}

/**
 * Failed logins per name. It knows nothing of accounts, so names that do not exist lock exactly like names
 * that do: a locked answer never tells whether an account exists. Kept in memory only; a restart forgets it.
 */
export class Lockout {
  readonly #clock: Clock
  readonly #opts: LockoutOptions
  readonly #entries = new Map<string, Entry>()

  constructor(clock: Clock, opts: Partial<LockoutOptions> = {}) {
    this.#clock = clock
    this.#opts = { ...LOCKOUT_DEFAULTS, ...opts }
  }

  /** When the lock on `name` ends (ms since epoch), or null when it may try. */
  lockedUntil(name: string): number | null {
    const e = this.#current(name)
    return e && e.lockedUntil > this.#clock.now() ? e.lockedUntil : null
  }

  /** Counts a failure; returns when the lock ends if this one locked the name, else null. */
  fail(name: string): number | null {
    const now = this.#clock.now()
    const e = this.#current(name) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 }
    e.failures++
    e.lastFailureAt = now
    if (e.failures >= this.#opts.maxFailures) e.lockedUntil = now + this.#opts.lockMs
    this.#entries.delete(name)
    this.#entries.set(name, e)
    this.#trim()
    return e.lockedUntil > now ? e.lockedUntil : null
  }

  succeed(name: string): void {
    this.#entries.delete(name)
  }

  get tracked(): number {
    return this.#entries.size
  }

  /** The entry of `name`, forgetting it once its lock has ended or its last failure is old enough. */
  #current(name: string): Entry | undefined {
    const e = this.#entries.get(name)
    if (!e) return undefined
    const now = this.#clock.now()
    const over = e.lockedUntil > 0 ? e.lockedUntil <= now : now - e.lastFailureAt >= this.#opts.lockMs
    if (!over) return e
    this.#entries.delete(name)
    return undefined
  }

  /** Past the cap, drop the names failed longest ago (Map order), unlocked ones first. */
  #trim(): void {
    if (this.#entries.size <= this.#opts.maxTracked) return
    for (const name of [...this.#entries.keys()]) this.#current(name)
    const now = this.#clock.now()
    for (const [name, e] of this.#entries) {
      if (this.#entries.size <= this.#opts.maxTracked) return
      if (e.lockedUntil <= now) this.#entries.delete(name)
    }
    for (const name of this.#entries.keys()) {
      if (this.#entries.size <= this.#opts.maxTracked) return
      this.#entries.delete(name)
    }
  }
}
