import { createHash, randomBytes } from 'node:crypto'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Doc, DocSpec } from '../store/document.js'
import { FILES } from '../store/files.js'
import type { Store } from '../store/store.js'
import { credentialOf } from './password.js'
import type { Role, User } from './users.js'

export interface SessionLimits {
  /** A session unused this long ends (sliding). Default 12 h. */
  idleMs: number
  /** A session ends this long after login, used or not. Default 7 days. */
  absoluteMs: number
}

export const SESSION_DEFAULTS: SessionLimits = { idleMs: 12 * 3_600_000, absoluteMs: 7 * 86_400_000 }

/** Who is logged in: name and current role (read from the account on every use, never from the session). */
export interface SessionUser {
  name: string
  role: Role
}

interface SessionRecord {
  name: string
  /** credentialOf(passwordHash) at login: a new password ends the session. */
  credential: string
  createdAt: number
  lastSeenAt: number
}

export interface SessionsData {
  version: 1
  /** By sha256 of the cookie's token: the file alone lets nobody in. */
  sessions: Record<string, SessionRecord>
}

/** `sessions.json`: private (0600), like every file that could let someone in. */
export const SESSIONS_DOC: DocSpec<SessionsData> = {
  file: FILES.sessions,
  private: true,
  schema: Type.Object({
    version: Type.Literal(1),
    sessions: Type.Record(
      Type.String(),
      Type.Object({
        name: Type.String(),
        credential: Type.String(),
        createdAt: Type.Number(),
        lastSeenAt: Type.Number(),
      }),
    ),
  }),
  initial: () => ({ version: 1, sessions: {} }),
}

/** Last use is saved at most this often; a crash loses at most this much of "last seen", never a session. */
const TOUCH_MS = 60_000
const SWEEP_MS = 10 * 60_000
const MAX_PER_USER = 20
const TOKEN = /^[A-Za-z0-9_-]{43}$/

const idOf = (token: string) => createHash('sha256').update(token).digest('base64url')

export interface SessionStoreOptions {
  clock: Clock
  limits?: Partial<SessionLimits>
  /** The account behind a session, looked up on every use. */
  lookup: (name: string) => Promise<User | undefined>
  /** The store's commit (server/store/commit.ts): a login or logout is answered once durable. */
  commit: Store['commit']
  onError: (err: unknown) => void
}

/**
 * Server-side sessions kept in memory and in `sessions.json` (a store document: atomic + fsync), so a
 * restart logs nobody out while logout and account removal end a session for real.
 */
export class SessionStore {
  readonly #db: Doc<SessionsData>
  readonly #opts: SessionStoreOptions
  readonly #limits: SessionLimits
  readonly #listeners = new Set<(id: string) => void>()
  #touchTimer: unknown = null
  readonly #writes = new Set<Promise<void>>()
  readonly #sweepTimer: unknown

  constructor(db: Doc<SessionsData>, opts: SessionStoreOptions) {
    this.#db = db
    this.#opts = opts
    this.#limits = { ...SESSION_DEFAULTS, ...opts.limits }
    this.#sweepTimer = opts.clock.setInterval(() => {
      const sweep = this.sweep().then(() => {}, opts.onError)
      this.#writes.add(sweep)
      void sweep.finally(() => this.#writes.delete(sweep))
    }, SWEEP_MS)
  }

  get limits(): SessionLimits {
    return this.#limits
  }

  /** Opens a session, answered once it is durable; the token goes in the cookie and is never stored. */
  async create(user: User): Promise<{ token: string; id: string; expiresAt: number }> {
    const now = this.#opts.clock.now()
    const token = randomBytes(32).toString('base64url')
    const id = idOf(token)
    const { sessions } = this.#db.data
    await this.#opts.commit((tx) => {
      sessions[id] = {
        name: user.name,
        credential: credentialOf(user.passwordHash),
        createdAt: now,
        lastSeenAt: now,
      }
      tx.write(this.#db)
      tx.undo(() => delete sessions[id])
    })
    // The oldest sessions past the cap end once the new one is durable.
    const mine = Object.entries(sessions).filter(([, s]) => s.name === user.name)
    mine.sort(([, a], [, b]) => a.lastSeenAt - b.lastSeenAt)
    const extra = mine.slice(0, Math.max(0, mine.length - MAX_PER_USER))
    for (const [old] of extra) this.#drop(old)
    if (extra.length > 0) this.#db.writeSoon()
    return { token, id, expiresAt: now + this.#limits.absoluteMs }
  }

  /** The session of a cookie token and its user, or null when there is none or it ended. Slides its expiry. */
  async resolve(token: string | undefined): Promise<{ id: string; user: SessionUser } | null> {
    if (!token || !TOKEN.test(token)) return null
    const id = idOf(token)
    const s = this.#db.data.sessions[id]
    if (!s) return null
    const user = await this.#check(s)
    if (!user) {
      await this.revoke(id)
      return null
    }
    const now = this.#opts.clock.now()
    if (now - s.lastSeenAt >= TOUCH_MS) {
      s.lastSeenAt = now
      this.#saveSoon()
    }
    return { id, user: { name: user.name, role: user.role } }
  }

  /** Ends a session (logout), answered once durable: a logout that did not reach the disk is refused. */
  async revoke(id: string): Promise<void> {
    const record = this.#db.data.sessions[id]
    if (!record) return
    await this.#opts.commit((tx) => {
      delete this.#db.data.sessions[id]
      tx.write(this.#db)
      tx.undo(() => {
        this.#db.data.sessions[id] = record
      })
    })
    this.#ended(id)
  }

  /** Called with the id of every session that ends: logout, expiry, account removed or password changed. */
  onEnd(fn: (id: string) => void): () => void {
    this.#listeners.add(fn)
    return () => this.#listeners.delete(fn)
  }

  /** Ends expired sessions and those whose account is gone, so open sockets of theirs are closed too. */
  async sweep(): Promise<number> {
    let ended = 0
    for (const [id, s] of Object.entries(this.#db.data.sessions)) {
      if (await this.#check(s)) continue
      this.#drop(id)
      ended++
    }
    if (ended > 0) await this.#save()
    return ended
  }

  get size(): number {
    return Object.keys(this.#db.data.sessions).length
  }

  /** Stops the timers, waits for writes in flight and saves the last use of every session. */
  async close(): Promise<void> {
    this.#opts.clock.clearInterval(this.#sweepTimer)
    this.#listeners.clear()
    const touched = this.#touchTimer !== null
    if (touched) this.#opts.clock.clearTimeout(this.#touchTimer)
    this.#touchTimer = null
    await Promise.allSettled(this.#writes)
    if (touched) await this.#save()
  }

  /** Writes the sessions file; close() waits for every write started here. */
  #save(): Promise<void> {
    const write = this.#db.write()
    this.#writes.add(write)
    return write.finally(() => this.#writes.delete(write))
  }

  /** The account of a live session, or null when the session has expired or its account changed. */
  async #check(s: SessionRecord): Promise<User | null> {
    const now = this.#opts.clock.now()
    // A session dated after now was made while the clock ran ahead (a box without a real-time clock before
    // NTP answers, a wrong manual setting). Counted from its own date it would live until then plus its
    // limits; counted from now, it ends at most absoluteMs after the clock came back.
    if (s.createdAt > now || s.lastSeenAt > now) {
      s.createdAt = Math.min(s.createdAt, now)
      s.lastSeenAt = Math.min(s.lastSeenAt, now)
      this.#saveSoon()
    }
    if (now - s.createdAt >= this.#limits.absoluteMs || now - s.lastSeenAt >= this.#limits.idleMs) return null
    const user = await this.#opts.lookup(s.name)
    return user && credentialOf(user.passwordHash) === s.credential ? user : null
  }

  #drop(id: string): void {
    delete this.#db.data.sessions[id]
    this.#ended(id)
  }

  #ended(id: string): void {
    for (const fn of this.#listeners) {
      try {
        fn(id)
      } catch (err) {
        this.#opts.onError(err)
      }
    }
  }

  #saveSoon(): void {
    if (this.#touchTimer !== null) return
    this.#touchTimer = this.#opts.clock.setTimeout(() => {
      this.#touchTimer = null
      this.#save().catch(this.#opts.onError)
    }, TOUCH_MS)
  }
}
