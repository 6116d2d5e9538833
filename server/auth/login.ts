import type { Clock } from '../clock.js'
import { AddressRateLimiter } from '../http/write-limit.js'
import type { HashGate } from './hash-gate.js'
import type { Lockout } from './lockout.js'
import { verifyAgainstNobody, verifyPassword } from './password.js'
import type { SessionUser } from './sessions.js'
import { normalizeName, type User } from './users.js'

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'bad-login' }
  /** This name must wait before it is tried again from this address. */
  | { ok: false; reason: 'locked'; until: number }
  /** This address failed too often this minute, whatever the names. */
  | { ok: false; reason: 'too-many'; until: number }
  /** Too many logins are being checked already; try again in a moment. */
  | { ok: false; reason: 'busy' }

export interface LoginDeps {
  lookup: (name: string) => Promise<User | undefined>
  lockout: Lockout
  gate: HashGate
  clock: Clock
  /** Failed logins one address may make in a minute, over every name. */
  failuresPerAddressPerMin: number
}

/** Longest name looked at: longer ones cannot be accounts, and lockout entries stay small. */
const MAX_NAME = 64

/**
 * Checks a name and password. Wrong name and wrong password take the same time and give the same answer;
 * both count towards the slow-down of that name from that address. Cheap refusals come first (the address
 * over its budget, the pair still waiting, the hash queue full), so a flood costs no hashing. Attempts for
 * one name from one address run one after another, so a burst of parallel guesses cannot get past the
 * slow-down before the first failures are counted.
 */
export class Authenticator {
  readonly #deps: LoginDeps
  readonly #perAddress: AddressRateLimiter
  readonly #queues = new Map<string, Promise<unknown>>()

  constructor(deps: LoginDeps) {
    this.#deps = deps
    this.#perAddress = new AddressRateLimiter(deps.clock, deps.failuresPerAddressPerMin)
  }

  check(name: string, password: string, address: string): Promise<LoginResult> {
    const key = normalizeName(name).slice(0, MAX_NAME)
    const { gate } = this.#deps
    if (!gate.admit()) return Promise.resolve({ ok: false, reason: 'busy' })
    const queue = `${address}\n${key}`
    const before = this.#queues.get(queue) ?? Promise.resolve()
    const mine = before.then(() => this.#attempt(key, password, address)).finally(() => gate.leave())
    const tail = mine.catch(() => {})
    this.#queues.set(queue, tail)
    void tail.then(() => {
      if (this.#queues.get(queue) === tail) this.#queues.delete(queue)
    })
    return mine
  }

  async #attempt(name: string, password: string, address: string): Promise<LoginResult> {
    const { lockout, lookup, gate } = this.#deps
    const lockedUntil = lockout.lockedUntil(name, address)
    if (lockedUntil !== null) return { ok: false, reason: 'locked', until: lockedUntil }
    const wait = this.#perAddress.take(address)
    if (wait !== null) return { ok: false, reason: 'too-many', until: this.#deps.clock.now() + wait * 1000 }
    const user = await lookup(name)
    const ok = await gate.hash(() =>
      user ? verifyPassword(password, user.passwordHash) : verifyAgainstNobody(password),
    )
    if (ok && user) {
      lockout.succeed(name, address)
      this.#perAddress.refund(address)
      return { ok: true, user }
    }
    const until = lockout.fail(name, address)
    return until === null ? { ok: false, reason: 'bad-login' } : { ok: false, reason: 'locked', until }
  }
}

export const publicUser = (u: SessionUser): SessionUser => ({ name: u.name, role: u.role })
