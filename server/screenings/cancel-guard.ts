import type { Clock } from '../clock.js'

/** How a kind of key slows down: free wrong tries, then a wait that doubles with each one, up to a cap. */
export interface SlowdownRule {
  freeTries: number
  firstWaitMs: number
  maxWaitMs: number
}

/**
 * A sign-up is guessed by its code (10^6 of them) or its name: three wrong tries on one sign-up (an event
 * and a phone), then 30 s, 60 s, 2 min… up to an hour between tries, so a stranger who knows the phone
 * number gets a few dozen guesses a day. The kiosk's address is shared by every courier at the station, so
 * it gets more free tries and shorter waits: enough to stop one hand trying number after number.
 */
export const SIGNUP_RULE: SlowdownRule = { freeTries: 3, firstWaitMs: 30_000, maxWaitMs: 3_600_000 }
export const ADDRESS_RULE: SlowdownRule = { freeTries: 10, firstWaitMs: 10_000, maxWaitMs: 900_000 }

/** A key with no wrong try for this long (and no wait running) starts again from its free tries. */
const FORGET_MS = 3_600_000
/** Keys remembered at once; past it the oldest go (a station sees a handful of addresses). */
const MAX_KEYS = 10_000

interface Tries {
  wrong: number
  last: number
  /** No try before this (ms), 0 when free. */
  until: number
}

/**
 * Counts wrong tries at cancelling a screening place, per sign-up and per client address, and says how
 * long to wait before the next. In memory: a restart forgives, which costs an attacker a restart of the hub
 * they cannot cause. The caller checks before trying, so a right code during a wait is refused too.
 */
export class CancelGuard {
  readonly #keys = new Map<string, Tries>()

  constructor(private readonly clock: Clock) {}

  /** Seconds to wait before the next try on any of these keys, or null when it may go ahead. */
  wait(keys: readonly string[]): number | null {
    const now = this.clock.now()
    let until = 0
    for (const key of keys) until = Math.max(until, this.#get(key, now)?.until ?? 0)
    return until > now ? Math.ceil((until - now) / 1000) : null
  }

  /** A wrong code or name: each key counts it, and waits once past its free tries. */
  wrong(keys: readonly { key: string; rule: SlowdownRule }[]): void {
    const now = this.clock.now()
    for (const { key, rule } of keys) {
      const t = this.#get(key, now) ?? { wrong: 0, last: now, until: 0 }
      t.wrong++
      t.last = now
      const past = t.wrong - rule.freeTries
      if (past >= 0) t.until = now + Math.min(rule.maxWaitMs, rule.firstWaitMs * 2 ** past)
      this.#keys.delete(key)
      this.#keys.set(key, t)
      if (this.#keys.size > MAX_KEYS) this.#keys.delete(this.#keys.keys().next().value as string)
    }
  }

  /** The place was cancelled: its sign-up's count starts again (the address keeps its own). */
  forgive(key: string): void {
    this.#keys.delete(key)
  }

  #get(key: string, now: number): Tries | undefined {
    const t = this.#keys.get(key)
    if (t && t.until <= now && now - t.last >= FORGET_MS) {
      this.#keys.delete(key)
      return undefined
    }
    return t
  }
}

export const signupKey = (screeningId: string, phoneHash: string) => `signup:${screeningId}:${phoneHash}`
export const addressKey = (ip: string) => `address:${ip}`
