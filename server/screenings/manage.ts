import { randomBytes } from 'node:crypto'
import { Errors } from '../errors.js'
import type { Screening, ScreeningDef } from './book.js'
import { cancelScreening, editScreening, undoEdit } from './edits.js'
import { definedEvent, SCREENING_EVENTS as E } from './events.js'
import type { ScreeningInput } from './input.js'
import { appendPromotions, publicView, purgeAfter, type ScreeningDeps } from './service.js'
import { signupsOf } from './signups.js'

/** `ev-` and 8 hex digits: a URL- and file-name-safe id no hand-written config id is likely to take. */
const newId = () => `ev-${randomBytes(4).toString('hex')}`

/**
 * The manager's side of screenings: events created, edited and called off, each decided in memory at once
 * (so it is judged against the places as they are at that instant) in a commit: answered once journaled,
 * taken back when it cannot be.
 */
export class ScreeningAdmin {
  constructor(private readonly d: ScreeningDeps) {}

  /** Every event, past and cancelled ones too, soonest first, with its sign-ups. */
  list() {
    return this.d.book.all().map((s) => this.view(s))
  }

  view(s: Screening) {
    const id = s.def.id
    const owed = new Set(this.d.book.toTell(s))
    const signups = signupsOf(s, (code) => this.d.contacts.get(id, code), owed)
    return { ...publicView(s), cancelled: s.cancelled, signups, toTell: owed.size }
  }

  get(id: string): Screening {
    const s = this.d.book.get(id)
    if (!s) throw new Errors.SCREENING_NOT_FOUND(id)
    return s
  }

  async create(input: ScreeningInput, by: string | null) {
    let id = newId()
    while (this.d.book.get(id)) id = newId()
    const def: ScreeningDef = { id, ...input }
    const s = await this.d.store.commit((tx) => {
      const s = this.d.book.define(def)
      tx.append(E.created, definedEvent(def, by, 'manager'))
      tx.undo(() => this.d.book.undefine(id))
      return s
    })
    return this.view(s)
  }

  async update(id: string, input: ScreeningInput, by: string | null) {
    const def: ScreeningDef = { id, ...input }
    const edit = await this.d.store.commit((tx) => {
      const edit = editScreening(this.d.book, def, this.d.clock.now())
      tx.append(E.updated, definedEvent(def, by))
      appendPromotions(tx, id, edit.promoted)
      tx.undo(() => undoEdit(this.d.book, id, edit))
      return edit
    })
    const s = this.get(id)
    if (s.end !== Date.parse(edit.before.end)) await this.#retime(s)
    return this.view(s)
  }

  /** Calls the event off (once; a second call changes nothing). Contacts are kept to tell people so. */
  async cancel(id: string, by: string | null) {
    const s = this.get(id)
    await this.d.store.commit((tx) => {
      if (!cancelScreening(this.d.book, id, this.d.clock.now())) return
      tx.append(E.cancelled, { screeningId: id, by })
      tx.undo(() => {
        s.cancelled = false
        delete s.cancelledAt
      })
    })
    return this.view(s)
  }

  /**
   * A person owed news (moved up from the waiting list, or the event called off) was told: by a manager's
   * call (`phone`, `by` the account) or by the SMS gateway (`sms`). Telling twice changes nothing.
   */
  async told(id: string, code: string, via: 'phone' | 'sms', by: string | null) {
    const s = this.get(id)
    await this.d.store.commit((tx) => {
      const p = this.d.book.told(id, code, this.d.clock.now())
      if (!p) return
      tx.append(E.told, { screeningId: id, code, via, by })
      tx.undo(() => {
        delete p.toldAt
      })
    })
    return this.view(s)
  }

  /** The purge date of an event's contacts follows its end. */
  async #retime(s: Screening): Promise<void> {
    if (this.d.contacts.retime(s.def.id, purgeAfter(s, this.d.contactDays)) === 0) return
    await this.d.contacts.doc
      .write()
      .catch((err) =>
        this.d.logError(err, 'moving the purge date of contacts failed; retried on the next write'),
      )
  }
}
