import { randomBytes } from 'node:crypto'
import { Type } from 'typebox'
import type { NoticeConfig } from '../config/schema.js'
import { Errors } from '../errors.js'
import type { Doc, DocSpec } from '../store/document.js'
import { FILES } from '../store/files.js'
import type { Store, Tx } from '../store/store.js'

export interface Notice {
  id: string
  category: NoticeConfig['category']
  title: string
  body: string
  /** ISO time after which the notice is hidden, or null to show it until removed. */
  until: string | null
  /** The notice in English for the kiosk's English mode, when one was given. */
  en?: NoticeEnglish
}

export interface NoticeEnglish {
  title: string
  body?: string
}

/** What a manager gives: a notice without its id. */
export type NoticeInput = Omit<Notice, 'id'>

interface NoticesData {
  version: 1
  notices: Notice[]
  /** Config ids already copied in, so a notice the manager deletes later is not brought back on restart. */
  seeded: string[]
}

const NOTICES_DOC: DocSpec<NoticesData> = {
  file: FILES.notices,
  schema: Type.Object({
    version: Type.Literal(1),
    notices: Type.Array(
      Type.Object({
        id: Type.String(),
        category: Type.Enum(['jobs', 'legal', 'insurance', 'health', 'other']),
        title: Type.String(),
        body: Type.String(),
        until: Type.Union([Type.String(), Type.Null()]),
        en: Type.Optional(Type.Object({ title: Type.String(), body: Type.Optional(Type.String()) })),
      }),
    ),
    seeded: Type.Array(Type.String()),
  }),
  initial: () => ({ version: 1, notices: [], seeded: [] }),
}

/** `n-` and 8 hex digits, unlike a hand-written config id (a config id equal to it would replace it). */
const newId = () => `n-${randomBytes(4).toString('hex')}`

export const isActive = (n: Notice, now: number) => n.until === null || Date.parse(n.until) > now

/**
 * The community notices, in `notices.json`. The config seeds them: a config notice whose id was never
 * seen is added on start; after that the file is the truth, so edits made later (the manager console)
 * survive restarts and are not overwritten by the config. Every change is one commit (the document and a
 * `notice.saved` event); one that cannot be made durable is taken back. Expired notices are kept, for the
 * record and to copy from.
 */
export class NoticeBoard {
  private constructor(
    private readonly doc: Doc<NoticesData>,
    private readonly store: Pick<Store, 'commit'>,
    /** Told of every change once it is durable (the kiosks get it live). */
    private readonly changed: () => void,
  ) {}

  static async open(
    store: Pick<Store, 'document' | 'commit'>,
    seed: NoticeConfig[],
    changed: () => void = () => {},
  ): Promise<NoticeBoard> {
    const board = new NoticeBoard(await store.document(NOTICES_DOC), store, changed)
    const data = board.doc.data
    const fresh = seed.filter((n) => !data.seeded.includes(n.id))
    if (fresh.length > 0)
      await board.#commit((tx) => {
        const before = structuredClone(data)
        for (const n of fresh) {
          const notice: Notice = {
            id: n.id,
            category: n.category,
            title: n.title,
            body: n.body,
            until: n.until ? new Date(n.until).toISOString() : null,
            ...(n.en ? { en: { ...n.en } } : {}),
          }
          data.notices = data.notices.filter((old) => old.id !== n.id)
          data.notices.push(notice)
          data.seeded.push(n.id)
          tx.append('notice.saved', { ...notice, by: null })
        }
        tx.undo(() => {
          board.doc.data = before
        })
      })
    return board
  }

  /** Notices to show at `now`: no end, or an end still ahead. */
  active(now: number): Notice[] {
    return this.doc.data.notices.filter((n) => isActive(n, now))
  }

  /** Every notice, expired ones too, in board order. */
  all(): Notice[] {
    return this.doc.data.notices
  }

  get(id: string): Notice {
    const n = this.doc.data.notices.find((x) => x.id === id)
    if (!n) throw new Errors.NOTICE_NOT_FOUND(id)
    return n
  }

  async create(input: NoticeInput, by: string | null = null): Promise<Notice> {
    let id = newId()
    while (this.doc.data.notices.some((n) => n.id === id)) id = newId()
    const notice: Notice = { id, ...input }
    await this.#commit((tx) => {
      this.doc.data.notices.push(notice)
      tx.append('notice.saved', { ...notice, by })
      tx.undo(() => {
        this.doc.data.notices = this.doc.data.notices.filter((n) => n !== notice)
      })
    })
    return notice
  }

  /**
   * Puts up a notice under a given id, or replaces what it says (a notice published from the district: the
   * same id at every station, and a command sent again finds it already there).
   */
  async publish(id: string, input: NoticeInput, by: string | null): Promise<Notice> {
    const known = this.doc.data.notices.find((n) => n.id === id)
    if (known) return this.update(id, input, by)
    const notice: Notice = { id, ...input }
    await this.#commit((tx) => {
      this.doc.data.notices.push(notice)
      tx.append('notice.saved', { ...notice, by })
      tx.undo(() => {
        this.doc.data.notices = this.doc.data.notices.filter((n) => n !== notice)
      })
    })
    return notice
  }

  /**
   * Replaces what a notice says; `until` null shows it until removed. An English version not given again
   * goes: it translated the text being replaced.
   */
  async update(id: string, input: NoticeInput, by: string | null = null): Promise<Notice> {
    const notice = this.get(id)
    await this.#change(notice, by, () => {
      delete notice.en
      Object.assign(notice, input)
    })
    return notice
  }

  /** Ends a notice now; one already ended keeps the time it ended. */
  async expire(id: string, now: number, by: string | null = null): Promise<Notice> {
    const notice = this.get(id)
    if (!isActive(notice, now)) return notice
    await this.#change(notice, by, () => {
      notice.until = new Date(now).toISOString()
    })
    return notice
  }

  #change(notice: Notice, by: string | null, change: () => void): Promise<void> {
    return this.#commit((tx) => {
      const before = { ...notice }
      change()
      tx.append('notice.saved', { ...notice, by })
      tx.undo(() => {
        delete notice.en
        Object.assign(notice, before)
      })
    })
  }

  async #commit(decide: (tx: Tx) => void): Promise<void> {
    await this.store.commit((tx) => {
      decide(tx)
      tx.write(this.doc as Doc<unknown>)
    })
    this.changed()
  }
}
