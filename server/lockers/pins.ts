import { randomInt, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { PhoneKeys } from '../privacy/secret.js'

export const PIN_LENGTH = 6

/** A retrieval code of six digits, from the system's CSPRNG. */
export function newPin(): string {
  return String(randomInt(0, 10 ** PIN_LENGTH)).padStart(PIN_LENGTH, '0')
}

/**
 * A PIN is stored only as this: HMAC under the station's key (as phone numbers are, server/privacy), of the
 * rental id and the PIN, so the same PIN of two rentals hashes apart and a copy of the journal without the
 * key cannot be tried against all 10^6 codes. The prefix keeps it apart from any phone's hash.
 */
export function pinHash(keys: PhoneKeys, rentalId: string, pin: string): string {
  return keys.hash(`locker-pin:${rentalId}:${pin}`)
}

export function samePinHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

interface Count {
  failures: number
  since: number
  lockedUntil: number
}

/**
 * Limits PIN guessing per locker and per client address: `perLocker` wrong codes for one locker, or
 * `perAddress` wrong codes from one address (any locker) within `lockMs`, refuse that locker (or address) for
 * `lockMs`. A right code resets the locker's count. Kept in memory: a restart forgets it, as the login
 * lock-out does (server/auth/lockout.ts).
 */
export class PinGuard {
  readonly #lockers = new Map<string, Count>()
  readonly #addresses = new Map<string, Count>()

  constructor(
    private readonly clock: Clock,
    private readonly perLocker: number,
    private readonly perAddress: number,
    private readonly lockMs: number,
  ) {}

  /** Until when a try is refused (ms), or null when it may go ahead. */
  refusedUntil(locker: string, address: string): number | null {
    const now = this.clock.now()
    const until = Math.max(
      this.#current(this.#lockers, locker, now).lockedUntil,
      this.#current(this.#addresses, address, now).lockedUntil,
    )
    return until > now ? until : null
  }

  /** A wrong code: returns what it locked (if anything) and the tries left for this locker. */
  failed(locker: string, address: string): { lockedLocker: boolean; lockedAddress: boolean; left: number } {
    const now = this.clock.now()
    const l = this.#count(this.#lockers, locker, now)
    const a = this.#count(this.#addresses, address, now)
    const lockedLocker = l.failures >= this.perLocker
    const lockedAddress = a.failures >= this.perAddress
    if (lockedLocker) l.lockedUntil = now + this.lockMs
    if (lockedAddress) a.lockedUntil = now + this.lockMs
    return { lockedLocker, lockedAddress, left: Math.max(0, this.perLocker - l.failures) }
  }

  succeeded(locker: string): void {
    this.#lockers.delete(locker)
  }

  /** A manager put the locker back in service: its count starts over. */
  reset(locker: string): void {
    this.#lockers.delete(locker)
  }

  #current(map: Map<string, Count>, key: string, now: number): Count {
    const c = map.get(key)
    if (!c) return { failures: 0, since: now, lockedUntil: 0 }
    // A window over and no lock running: forgotten.
    if (c.lockedUntil <= now && now - c.since >= this.lockMs) {
      map.delete(key)
      return { failures: 0, since: now, lockedUntil: 0 }
    }
    if (c.lockedUntil !== 0 && c.lockedUntil <= now) {
      map.delete(key)
      return { failures: 0, since: now, lockedUntil: 0 }
    }
    return c
  }

  #count(map: Map<string, Count>, key: string, now: number): Count {
    let c = this.#current(map, key, now)
    if (!map.has(key)) {
      // Bounded: a station sees a handful of addresses; past 10 000 the oldest is dropped.
      if (map.size >= 10_000) map.delete(map.keys().next().value as string)
      map.set(key, c)
    }
    c = map.get(key) as Count
    c.failures++
    return c
  }
}
