import { randomBytes } from 'node:crypto'
import { Errors } from '../errors.js'
import type { Place, Screening, ScreeningDef } from './book.js'
import { cancelScreening, editScreening, undoEdit } from './edits.js'
import type { ScreeningInput } from './input.js'
import { type CancelledEvent, definedEvent, SCREENING_EVENTS as E } from './journal-events.js'
import { publicView, purgeAfter, type ScreeningDeps } from './service.js'
import { signupsOf } from './signups.js'

/** `ev-` and 8 hex digits: a URL- and file-name-safe id no hand-written config id is likely to take. */
const newId = () => `ev-${randomBytes(4).toString('hex')}`

/**
 * The manager's side of screenings: events created, edited and called off, each decided in memory at once
 * (so it is judged against the places as they are at that instant) and answered once journaled; a change
 * that cannot be journaled is taken back.
 */
export class ScreeningAdmin {
  constructor(
    private readonly d: ScreeningDeps,
    /** Journals a promotion (the kiosk side's, so both sides write the same event). */
    private readonly promoted: (id: string, p: Place) => Promise<unknown>,
  ) {}

  /** Every event, past and cancelled ones too, soonest first, with its sign-ups. */
  list() {
    return this.d.book.all().map((s) => this.view(s))
  }

  view(s: Screening) {
    const id = s.def.id
    const signups = signupsOf(s, (code) => this.d.contacts.get(id, code)?.name ?? null)
    return { ...publicView(s), cancelled: s.cancelled, signups }
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
    const s = this.d.book.define(def)
    try {
      await this.d.journal.append(E.created, definedEvent(def, by, 'manager'))
    } catch (err) {
      this.d.book.undefine(id)
      throw err
    }
    return this.view(s)
  }

  async update(id: string, input: ScreeningInput, by: string | null) {
    const def: ScreeningDef = { id, ...input }
    const edit = editScreening(this.d.book, def, this.d.clock.now())
    const journaled = this.d.journal.append(E.updated, definedEvent(def, by))
    // In the same tick as the update: one fsync, and the journal has them in this order.
    const promotions = edit.promoted.map((p) => this.promoted(id, p))
    try {
      await journaled
    } catch (err) {
      undoEdit(this.d.book, id, edit)
      throw err
    }
    await Promise.all(promotions)
    const s = this.get(id)
    if (s.end !== Date.parse(edit.before.end)) await this.#retime(s)
    return this.view(s)
  }

  /** Calls the event off (once; a second call changes nothing). Contacts are kept to tell people so. */
  async cancel(id: string, by: string | null) {
    const s = this.get(id)
    if (cancelScreening(this.d.book, id, this.d.clock.now())) {
      try {
        await this.d.journal.append<CancelledEvent>(E.cancelled, { screeningId: id, by })
      } catch (err) {
        s.cancelled = false
        throw err
      }
    }
    return this.view(s)
  }

  /** The purge date of an event's contacts follows its end. */
  async #retime(s: Screening): Promise<void> {
    if (this.d.contacts.retime(s.def.id, purgeAfter(s, this.d.contactDays)) === 0) return
    await this.d.contacts
      .save()
      .catch((err) =>
        this.d.logError(err, 'moving the purge date of contacts failed; retried on the next write'),
      )
  }
}
