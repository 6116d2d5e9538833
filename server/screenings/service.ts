import type { Clock } from '../clock.js'
import type { PhoneKeys } from '../privacy/secret.js'
import type { Journal } from '../store/journal.js'
import { type Place, type PlaceStatus, type Screening, ScreeningBook, type ScreeningDef } from './book.js'
import type { Contacts } from './contacts.js'
import {
  type CancelEvent,
  SCREENING_EVENTS as E,
  type PromotedEvent,
  type SignupEvent,
} from './journal-events.js'
import { rebuild } from './replay.js'

const DAY = 86_400_000

export const iso = (ms: number) => new Date(ms).toISOString()

/** What the kiosk side and the manager side of screenings share. */
export interface ScreeningDeps {
  book: ScreeningBook
  journal: Journal
  contacts: Contacts
  clock: Clock
  /** privacy.screeningContactDays */
  contactDays: number
  logError: (err: unknown, msg: string) => void
}

/** When a sign-up's name and number are deleted: the event's end plus privacy.screeningContactDays. */
export const purgeAfter = (s: Screening, contactDays: number) => iso(s.end + contactDays * DAY)

/** The kiosk's view of an event. */
export function publicView(s: Screening) {
  return {
    id: s.def.id,
    title: s.def.title,
    organiser: s.def.organiser,
    start: iso(s.start),
    end: iso(s.end),
    place: s.def.place,
    capacity: s.def.capacity,
    seatsLeft: Math.max(0, s.def.capacity - s.confirmed.length),
    waitlist: s.waitlist.length,
  }
}

/**
 * Screening sign-ups: the book decides synchronously (capacity, waiting list, duplicates), then the decision
 * is made durable (journal event, and the contact in its own file) before the answer; a decision that
 * cannot be made durable is taken back.
 */
export class Screenings {
  readonly book: ScreeningBook
  readonly deps: ScreeningDeps
  private readonly journal: Journal
  private readonly contacts: Contacts
  private readonly clock: Clock

  constructor(
    deps: Omit<ScreeningDeps, 'book'>,
    private readonly phones: PhoneKeys,
  ) {
    this.book = new ScreeningBook()
    this.deps = { ...deps, book: this.book }
    this.journal = deps.journal
    this.contacts = deps.contacts
    this.clock = deps.clock
  }

  /**
   * Rebuilds events and places from the journal (seeding config events it has not seen), then gives free
   * places (a raised capacity whose promotions were not all journaled) to those waiting.
   */
  async replay(seed: ScreeningDef[]): Promise<{ signups: number; seeded: string[] }> {
    const rebuilt = await rebuild(this.book, this.journal, seed)
    const now = this.clock.now()
    const moved = this.book
      .upcoming(now)
      .filter((s) => s.start > now)
      .flatMap((s) => this.book.fillFreePlaces(s.def.id).map((p) => this.promotedEvent(s.def.id, p)))
    await Promise.all(moved)
    return rebuilt
  }

  list() {
    return this.book.upcoming(this.clock.now()).map(publicView)
  }

  async signUp(id: string, name: string, phone: string) {
    const r = this.book.signUp(id, this.phones.hash(phone), this.phones.mask(phone), this.clock.now())
    const s = this.book.get(id) as Screening
    const { code, phoneHash, phoneMasked } = r.place
    this.contacts.put({
      screeningId: id,
      code,
      name,
      phone,
      purgeAfter: purgeAfter(s, this.deps.contactDays),
    })
    const event: SignupEvent = { screeningId: id, code, phoneHash, phoneMasked, status: r.status }
    const [journaled, saved] = await Promise.allSettled([
      this.journal.append(E.signup, event),
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
    const cancelled = this.journal.append<CancelEvent>(E.cancel, {
      screeningId: id,
      code,
      status: c.status,
    })
    // Appended in the same tick as the cancellation, so both share one fsync and keep their order.
    const promoted = c.promoted ? this.promotedEvent(id, c.promoted) : null
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
        .catch((err) =>
          this.deps.logError(err, 'removing a cancelled contact failed; retried on the next write'),
        )
    return { cancelled: true, promoted: c.promoted !== null }
  }

  /** Deletes contact details past their keeping time; the journal's hashes stay, so counts still add up. */
  purge(): Promise<number> {
    return this.contacts.purge(this.clock.now())
  }

  /** Journals a promotion; a failure is logged, and healed at the next start (replay()). */
  promotedEvent(id: string, p: Place): Promise<unknown> {
    return this.journal
      .append<PromotedEvent>(E.promoted, {
        screeningId: id,
        code: p.code,
        phoneMasked: p.phoneMasked,
      })
      .catch((err) => this.deps.logError(err, 'journalling a waiting-list promotion failed'))
  }

  /** A sign-up that could not be made durable: out of the book and the contacts, and cancelled in the journal if it got there. */
  #takeBack(id: string, code: string, status: PlaceStatus, journaled: boolean): void {
    const promoted = this.book.undoSignUp(id, code)
    if (journaled)
      this.journal
        .append<CancelEvent>(E.cancel, { screeningId: id, code, status })
        .catch((err) => this.deps.logError(err, 'journalling a taken-back sign-up failed'))
    if (promoted) void this.promotedEvent(id, promoted)
    if (this.contacts.remove(id, code))
      this.contacts.save().catch((err) => this.deps.logError(err, 'removing a taken-back contact failed'))
  }
}
