import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Low } from 'lowdb'
import type { NoticeConfig } from '../config/schema.js'
import { Errors } from '../errors.js'
import { openStateDb } from '../store/durable-file.js'

export interface Notice {
  id: string
  category: NoticeConfig['category']
  title: string
  body: string
  /** ISO time after which the notice is hidden, or null to show it until removed. */
  until: string | null
}

/** What a manager gives: a notice without its id. */
export type NoticeInput = Omit<Notice, 'id'>

interface NoticesData {
  version: 1
  notices: Notice[]
  /** Config ids already copied in, so a notice the manager deletes later is not brought back on restart. */
  seeded: string[]
}

/** `n-` and 8 hex digits, unlike a hand-written config id (a config id equal to it would replace it). */
const newId = () => `n-${randomBytes(4).toString('hex')}`

export const isActive = (n: Notice, now: number) => n.until === null || Date.parse(n.until) > now

/**
 * The community notices, in `<dataDir>/notices.json`. The config seeds them: a config notice whose id was
 * never seen is added on start; after that the file is the truth, so edits made later (the manager console)
 * survive restarts and are not overwritten by the config.
 *
 * A change is made in memory and answered once the file is written; one that cannot be written is taken
 * back. Expired notices are kept, for the record and to copy from.
 */
export class NoticeBoard {
  private constructor(private readonly db: Low<NoticesData>) {}

  static async open(dataDir: string, seed: NoticeConfig[]): Promise<NoticeBoard> {
    const db = await openStateDb<NoticesData>(join(dataDir, 'notices.json'), {
      version: 1,
      notices: [],
      seeded: [],
    })
    const fresh = seed.filter((n) => !db.data.seeded.includes(n.id))
    if (fresh.length > 0) {
      for (const n of fresh) {
        db.data.notices = db.data.notices.filter((old) => old.id !== n.id)
        db.data.notices.push({
          id: n.id,
          category: n.category,
          title: n.title,
          body: n.body,
          until: n.until ? new Date(n.until).toISOString() : null,
        })
        db.data.seeded.push(n.id)
      }
      await db.write()
    }
    return new NoticeBoard(db)
  }

  /** Notices to show at `now`: no end, or an end still ahead. */
  active(now: number): Notice[] {
    return this.db.data.notices.filter((n) => isActive(n, now))
  }

  /** Every notice, expired ones too, in board order. */
  all(): Notice[] {
    return this.db.data.notices
  }

  get(id: string): Notice {
    const n = this.db.data.notices.find((x) => x.id === id)
    if (!n) throw new Errors.NOTICE_NOT_FOUND(id)
    return n
  }

  async create(input: NoticeInput): Promise<Notice> {
    let id = newId()
    while (this.db.data.notices.some((n) => n.id === id)) id = newId()
    const notice: Notice = { id, ...input }
    this.db.data.notices.push(notice)
    await this.#save(() => {
      this.db.data.notices = this.db.data.notices.filter((n) => n !== notice)
    })
    return notice
  }

  /** Replaces what a notice says; `until` null shows it until removed. */
  async update(id: string, input: NoticeInput): Promise<Notice> {
    const notice = this.get(id)
    const before = { ...notice }
    Object.assign(notice, input)
    await this.#save(() => Object.assign(notice, before))
    return notice
  }

  /** Ends a notice now; one already ended keeps the time it ended. */
  async expire(id: string, now: number): Promise<Notice> {
    const notice = this.get(id)
    if (!isActive(notice, now)) return notice
    const before = notice.until
    notice.until = new Date(now).toISOString()
    await this.#save(() => {
      notice.until = before
    })
    return notice
  }

  async #save(undo: () => void): Promise<void> {
    try {
      await this.db.write()
    } catch (err) {
      undo()
      throw err
    }
  }
}
