import type { Lockout } from './lockout.js'
import { verifyAgainstNobody, verifyPassword } from './password.js'
import type { SessionUser } from './sessions.js'
import { normalizeName, type User } from './users.js'

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'bad-login' }
  | { ok: false; reason: 'locked'; until: number }

export interface LoginDeps {
  lookup: (name: string) => Promise<User | undefined>
  lockout: Lockout
}

/** Longest name looked at: longer ones cannot be accounts, and lockout entries stay small. */
const MAX_NAME = 64

/**
 * Checks a name and password. Wrong name and wrong password take the same time and give the same answer;
 * both count towards the lock of that name. Attempts for one name run one after another, so a burst of
 * parallel guesses cannot get past the lock before the first failures are counted.
 */
export class Authenticator {
  readonly #deps: LoginDeps
  readonly #queues = new Map<string, Promise<unknown>>()

  constructor(deps: LoginDeps) {
    this.#deps = deps
  }

  check(name: string, password: string): Promise<LoginResult> {
    const key = normalizeName(name).slice(0, MAX_NAME)
    const before = this.#queues.get(key) ?? Promise.resolve()
    const mine = before.then(() => this.#attempt(key, password))
    const tail = mine.catch(() => {})
    this.#queues.set(key, tail)
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key)
    })
    return mine
  }

  async #attempt(name: string, password: string): Promise<LoginResult> {
    const { lockout, lookup } = this.#deps
    const lockedUntil = lockout.lockedUntil(name)
    if (lockedUntil !== null) return { ok: false, reason: 'locked', until: lockedUntil }
    const user = await lookup(name)
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNobody(password)
    if (ok && user) {
      lockout.succeed(name)
      return { ok: true, user }
    }
    const until = lockout.fail(name)
    return until === null ? { ok: false, reason: 'bad-login' } : { ok: false, reason: 'locked', until }
  }
}

export const publicUser = (u: SessionUser): SessionUser => ({ name: u.name, role: u.role })
