import type { Clock } from '../clock.js'
import type { ScreeningConfig } from '../config/schema.js'
import type { PhoneKeys } from '../privacy/secret.js'
import type { Journal } from '../store/journal.js'
import { type Place, type PlaceStatus, type Screening, ScreeningBook } from './book.js'
import type { Contacts } from './contacts.js'

const DAY = 86_400_000

/** Journal events (hashes and masked phones only: the journal goes to the central service). */
export interface SignupEvent {
  screeningId: string
  code: string
  phoneHash: string
  phoneMasked: string
  status: PlaceStatus
}
export interface CancelEvent {
  screeningId: string
  code: string
  status: PlaceStatus
}
export interface PromotedEvent {
  screeningId: string
  code: string
  phoneMasked: string
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Screening sign-ups: the book decides synchronously (capacity, waiting list, duplicates), then the decision
 * is made durable (journal event, and the contact in its own file) before the answer; a decision that
 * cannot be made durable is taken back.
 */
export class Screenings {
  readonly book: ScreeningBook

  constructor(
    defs: ScreeningConfig[],
    private readonly journal: Journal,
    private readonly contacts: Contacts,
    private readonly phones: PhoneKeys,
    private readonly clock: Clock,
    private readonly contactDays: number,
    private readonly logError: (err: unknown, msg: string) => void,
  ) {
    this.book = new ScreeningBook(defs)
  }

  /** Rebuilds places from the journal, then gives free places (a raised capacity) to those waiting. */
  async replay(): Promise<number> {
    let n = 0
    for await (const e of this.journal.read()) {
      if (e.type === 'screening.signup') {
        const d = e.data as SignupEvent
        this.book.replaySignUp(
          d.screeningId,
          { code: d.code, phoneHash: d.phoneHash, phoneMasked: d.phoneMasked },
          d.status,
        )
        n++
      } else if (e.type === 'screening.cancel') {
        const d = e.data as CancelEvent
        this.book.replayCancel(d.screeningId, d.code)
      } else if (e.type === 'screening.promoted') {
        const d = e.data as PromotedEvent
        this.book.replayPromoted(d.screeningId, d.code)
      }
    }
    const now = this.clock.now()
    const moved = this.book
      .upcoming(now)
      .filter((s) => s.start > now)
      .flatMap((s) => this.book.fillFreePlaces(s.def.id).map((p) => this.#promotedEvent(s.def.id, p)))
    await Promise.all(moved)
    return n
  }

  list() {
    return this.book.upcoming(this.clock.now()).map((s) => ({
      id: s.def.id,
      title: s.def.title,
      organiser: s.def.organiser,
      start: iso(s.start),
      end: iso(s.end),
      place: s.def.place,
      capacity: s.def.capacity,
      seatsLeft: Math.max(0, s.def.capacity - s.confirmed.length),
      waitlist: s.waitlist.length,
    }))
  }

  async signUp(id: string, name: string, phone: string) {
    const r = this.book.signUp(id, this.phones.hash(phone), this.phones.mask(phone), this.clock.now())
    const s = this.book.get(id) as Screening
    const { code, phoneHash, phoneMasked } = r.place
    this.contacts.put({ screeningId: id, code, name, phone, purgeAfter: iso(s.end + this.contactDays * DAY) })
    const event: SignupEvent = { screeningId: id, code, phoneHash, phoneMasked, status: r.status }
    const [journaled, saved] = await Promise.allSettled([
      this.journal.append('screening.signup', event),
      this.contacts.save(),
    ])
    if (journaled.status === 'rejected' || saved.status === 'rejected') {
      this.#takeBack(id, code, r.status, journaled.status === 'fulfilled')
      throw journaled.status === 'rejected' ? journaled.reason : (saved as PromiseRejectedResult).reason
    }
    const screening = { id, title: s.def.title, start: iso(s.start), place: s.def.place }
    return r.status === 'confirmed'
      ? { status: r.status, code, screening }
      : { status: r.status, code, position: r.position, screening }
  }

  async cancel(id: string, code: string, phone: string): Promise<{ cancelled: true; promoted: boolean }> {
    const c = this.book.cancel(id, code, this.phones.hash(phone), this.clock.now())
    const cancelled = this.journal.append<CancelEvent>('screening.cancel', {
      screeningId: id,
      code,
      status: c.status,
    })
    // Appended in the same tick as the cancellation, so both share one fsync and keep their order.
    const promoted = c.promoted ? this.#promotedEvent(id, c.promoted) : null
    try {
      await cancelled
    } catch (err) {
      this.book.undoCancel(id, c)
      throw err
    }
    // A lost promotion event is healed at the next start: free places go to those waiting (replay()).
    await promoted
    if (this.contacts.remove(id, code))
      await this.contacts
        .save()
        .catch((err) => this.logError(err, 'removing a cancelled contact failed; retried on the next write'))
    return { cancelled: true, promoted: c.promoted !== null }
  }

  /** Deletes contact details past their keeping time; the journal's hashes stay, so counts still add up. */
  purge(): Promise<number> {
    return this.contacts.purge(this.clock.now())
  }

  #promotedEvent(id: string, p: Place): Promise<unknown> {
    return this.journal
      .append<PromotedEvent>('screening.promoted', {
        screeningId: id,
        code: p.code,
        phoneMasked: p.phoneMasked,
      })
      .catch((err) => this.logError(err, 'journalling a waiting-list promotion failed'))
  }

  /** A sign-up that could not be made durable: out of the book and the contacts, and cancelled in the journal if it got there. */
  #takeBack(id: string, code: string, status: PlaceStatus, journaled: boolean): void {
    const promoted = this.book.undoSignUp(id, code)
    if (journaled)
      this.journal
        .append<CancelEvent>('screening.cancel', { screeningId: id, code, status })
        .catch((err) => this.logError(err, 'journalling a taken-back sign-up failed'))
    if (promoted) void this.#promotedEvent(id, promoted)
    if (this.contacts.remove(id, code))
      this.contacts.save().catch((err) => this.logError(err, 'removing a taken-back contact failed'))
  }
}
