/**
 * Password hashing is scrypt on libuv's thread pool: 4 threads, shared with every file write of the store.
 * 64 logins hashing at once filled it, and the kiosk's check-ins, whose journal writes queued behind them,
 * went from 7 ms to 3 s. The gate lets `concurrency` hashes run at a time (one by default, so at least three
 * threads stay free for the store) and keeps at most `queue` more logins waiting; past that a login is turned
 * away (429, try again in a second) instead of holding memory and a socket while it waits.
 *
 * When logins queue up (a flood), a hash that took d milliseconds is followed by d milliseconds of rest
 * before the next: a flood then takes at most half a core for hashing, and the other half stays with the
 * hub's thread, which a small two-core station computer needs. One login at a time is never slowed.
 */
export interface HashGateOptions {
  concurrency: number
  queue: number
}

export const HASH_GATE_DEFAULTS: HashGateOptions = { concurrency: 1, queue: 8 }

export class HashGate {
  readonly #opts: HashGateOptions
  #admitted = 0
  #running = 0
  readonly #waiting: (() => void)[] = []
  /** Most hashes seen running at once. */
  peak = 0
  /** Logins turned away because the queue was full. */
  refused = 0

  constructor(opts: Partial<HashGateOptions> = {}) {
    this.#opts = { ...HASH_GATE_DEFAULTS, ...opts }
  }

  /** Takes a place for one login (hashing or waiting to); false when none is left. Give it back with leave(). */
  admit(): boolean {
    if (this.#admitted >= this.#opts.concurrency + this.#opts.queue) {
      this.refused++
      return false
    }
    this.#admitted++
    return true
  }

  leave(): void {
    this.#admitted--
  }

  /** Runs one hash when a thread is free for it. */
  async hash<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#opts.concurrency)
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    this.#running++
    this.peak = Math.max(this.peak, this.#running)
    const started = performance.now()
    try {
      return await fn()
    } finally {
      const next = this.#waiting.shift()
      if (!next) this.#running--
      else {
        // The slot passes to the next login after a rest as long as this hash took (see above).
        setTimeout(() => {
          this.#running--
          next()
        }, performance.now() - started).unref()
      }
    }
  }
}
