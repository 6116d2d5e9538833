import type { Clock } from '../clock.js'
import { Errors, tooManyTries } from '../errors.js'
import type { PhoneKeys } from '../privacy/secret.js'
import type { Store, Tx } from '../store/store.js'
import { DAY } from '../time/station-time.js'
import { type Place, type Screening, ScreeningBook, type ScreeningDef } from './book.js'
import { ADDRESS_RULE, addressKey, CancelGuard, SIGNUP_RULE, signupKey } from './cancel-guard.js'
import type { Contacts } from './contacts.js'
import { definedEvent, SCREENING_EVENTS as E } from './events.js'
import { sameName } from './name.js'

export const iso = (ms: number) => new Date(ms).toISOString()

/** What the kiosk side and the manager side of screenings share. */
export interface ScreeningDeps {
  book: ScreeningBook
  store: Pick<Store, 'commit'>
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
    ...(s.def.en ? { en: s.def.en } : {}),
  }
}

/** Journals promotions from the waiting list, in the commit that made them. */
export function appendPromotions(tx: Tx, id: string, promoted: Place[]): void {
  for (const p of promoted)
    tx.append(E.promoted, { screeningId: id, code: p.code, phoneMasked: p.phoneMasked })
}

/**
 * Screening sign-ups: the book decides synchronously (capacity, waiting list, duplicates), and one commit
 * makes the decision durable (the contact in its private document, then the journal event) before the
 * answer; a decision that cannot be made durable is taken back.
 */
export class Screenings {
  readonly book = new ScreeningBook()
  readonly deps: ScreeningDeps
  /** Wrong codes and names slow down, per sign-up and per address (cancel-guard.ts). */
  readonly #guard: CancelGuard

  constructor(
    deps: Omit<ScreeningDeps, 'book'>,
    private readonly phones: PhoneKeys,
  ) {
    this.deps = { ...deps, book: this.book }
    this.#guard = new CancelGuard(deps.clock)
  }

  /**
   * After the journal is replayed: journals the config's events it has not seen (the config is a seed:
   * an id already known keeps its journaled definition), then gives free places (a raised capacity whose
   * promotions were not journaled) to those waiting.
   */
  async seed(seed: ScreeningDef[]): Promise<string[]> {
    const fresh = seed
      .filter((d) => !this.book.get(d.id))
      .map((d) => ({ ...d, start: iso(Date.parse(d.start)), end: iso(Date.parse(d.end)) }))
    const now = this.deps.clock.now()
    await this.deps.store.commit((tx) => {
      for (const def of fresh) {
        this.book.define(def)
        tx.append(E.created, definedEvent(def, null, 'config'))
        tx.undo(() => this.book.undefine(def.id))
      }
      for (const s of this.book.upcoming(now).filter((x) => x.start > now))
        appendPromotions(tx, s.def.id, this.book.fillFreePlaces(s.def.id))
    })
    return fresh.map((d) => d.id)
  }

  list() {
    return this.book.upcoming(this.deps.clock.now()).map(publicView)
  }

  async signUp(id: string, name: string, phone: string) {
    const { store, contacts, clock, contactDays } = this.deps
    const r = await store.commit((tx) => {
      const r = this.book.signUp(id, this.phones.hash(phone), this.phones.mask(phone), clock.now())
      const s = this.book.get(id) as Screening
      const { code, phoneHash, phoneMasked } = r.place
      contacts.put({ screeningId: id, code, name, phone, purgeAfter: purgeAfter(s, contactDays) })
      tx.write(contacts.doc)
      tx.append(E.signup, { screeningId: id, code, phoneHash, phoneMasked, status: r.status })
      tx.undo(() => {
        this.book.undoSignUp(id, code)
        contacts.remove(id, code)
      })
      return r
    })
    const s = this.book.get(id) as Screening
    const screening = { id, title: s.def.title, start: iso(s.start), place: s.def.place }
    const code = r.place.code
    return r.status === 'confirmed'
      ? { status: r.status, code, screening }
      : { status: r.status, code, position: r.position, screening }
  }

  /** Gives up a place with its code and the phone it was signed up with; `address` is the client's. */
  cancel(id: string, code: string, phone: string, address: string) {
    return this.#guarded(id, phone, address, () => code)
  }

  /**
   * Gives up a place without its code (it was lost): the phone, the event and the name signed up with must
   * all match. A stranger who knows the number but not the name gets the answer of a wrong code.
   */
  cancelByName(id: string, phone: string, name: string, address: string) {
    return this.#guarded(id, phone, address, (phoneHash) => {
      const code = this.book.codeOf(id, phoneHash)
      const contact = code === undefined ? undefined : this.deps.contacts.get(id, code)
      return contact && sameName(contact.name, name) ? code : undefined
    })
  }

  /** Refuses while a wait runs; counts a sign-up not found as a wrong try; forgives a success. */
  async #guarded(
    id: string,
    phone: string,
    address: string,
    codeFor: (phoneHash: string) => string | undefined,
  ): Promise<{ cancelled: true; promoted: boolean }> {
    const phoneHash = this.phones.hash(phone)
    const signup = signupKey(id, phoneHash)
    const keys = [
      { key: signup, rule: SIGNUP_RULE },
      { key: addressKey(address), rule: ADDRESS_RULE },
    ]
    const wait = this.#guard.wait(keys.map((k) => k.key))
    if (wait !== null) throw tooManyTries(wait)
    try {
      const code = codeFor(phoneHash)
      if (code === undefined) {
        // Only a known event can hold a sign-up: an unknown one answers as such, and a closed one says so.
        if (!this.book.get(id)) throw new Errors.SCREENING_NOT_FOUND(id)
        throw new Errors.SIGNUP_NOT_FOUND()
      }
      const result = await this.#cancel(id, code, phoneHash)
      this.#guard.forgive(signup)
      return result
    } catch (err) {
      if ((err as { code?: unknown }).code === 'HUB_ERR_SIGNUP_NOT_FOUND') this.#guard.wrong(keys)
      throw err
    }
  }

  async #cancel(
    id: string,
    code: string,
    phoneHash: string,
  ): Promise<{ cancelled: true; promoted: boolean }> {
    const { store, contacts, clock, logError } = this.deps
    const c = await store.commit((tx) => {
      const c = this.book.cancel(id, code, phoneHash, clock.now())
      tx.append(E.cancel, { screeningId: id, code, status: c.status })
      appendPromotions(tx, id, c.promoted ? [c.promoted] : [])
      tx.undo(() => this.book.undoCancel(id, c))
      return c
    })
    // The contact goes once the cancellation is durable; a failure is retried with the next write.
    if (contacts.remove(id, code))
      contacts.doc.write().catch((err) => logError(err, 'removing a cancelled contact failed; retried later'))
    return { cancelled: true, promoted: c.promoted !== null }
  }

  /** Deletes contact details past their keeping time; the journal's hashes stay until redacted. */
  async purge(): Promise<number> {
    const now = this.deps.clock.now()
    // Phone hashes of events over for privacy.screeningContactDays match no cancellation any more.
    this.book.forgetPhones(now - this.deps.contactDays * DAY)
    return this.deps.contacts.purge(now)
  }
}
