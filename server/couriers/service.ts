import { randomUUID } from 'node:crypto'
import type { Static } from 'typebox'
import type { Clock } from '../clock.js'
import type { PhoneKeys } from '../privacy/secret.js'
import type { JournalEntry } from '../store/journal.js'
import type { Projection, Store } from '../store/store.js'
import { DAY, type Period, type StationTime } from '../time/station-time.js'
import { DailyCounts, type DayCount } from './daily-counts.js'
import type { CheckinEvent as CheckinSchema } from './events.js'
import { type SavedPhones, type Visit, VisitBook } from './visits.js'

/** What the journal keeps of a check-in: no clear phone number, no name. */
export type CheckinEvent = Static<typeof CheckinSchema>

export interface CouriersOptions {
  store: Pick<Store, 'commit'>
  phones: PhoneKeys
  clock: Clock
  time: StationTime
  repeatMin: number
  /** privacy.personalDataDays: how long a phone's visits are kept to recognise it. */
  personalDays: number
}

/**
 * Check-ins: decides in memory, synchronously, whether a check-in is a new visit or a repeat (so two taps
 * at the same instant cannot both count), then commits the new visit (store/commit.ts) before anyone is
 * told of it. Memory is the projection of the journal's `checkin` events: the visits of each phone within
 * privacy.personalDataDays, and the figures per day, kept for good.
 */
export class Couriers {
  readonly book: VisitBook
  readonly counts = new DailyCounts()
  /** Visits whose commit has not returned yet: a repeat of one waits for it. */
  readonly #pending = new Map<string, Promise<unknown>>()
  readonly #o: CouriersOptions

  constructor(o: CouriersOptions) {
    this.#o = o
    this.book = new VisitBook(o.repeatMin * 60_000, o.time)
  }

  /** The store's view of this feature: restored from a snapshot and the events after it. */
  projection(): Projection {
    return {
      name: 'couriers',
      version: 1,
      types: ['checkin'],
      apply: (e) => this.#apply(e as JournalEntry<CheckinEvent>),
      save: () => ({ phones: this.book.save(), days: this.counts.save() }),
      load: (data) => {
        const d = data as { phones: SavedPhones; days: Record<string, DayCount> }
        this.book.load(d.phones)
        this.counts.load(d.days)
      },
    }
  }

  #apply(e: JournalEntry<CheckinEvent>): void {
    const at = Date.parse(e.ts)
    const d = e.data
    this.counts.add(this.#o.time.day(at), d.platform, d.purposes, 1, d.returning === true)
    // A redacted event (past privacy.personalDataDays) or an old one counts in the figures only.
    if (d.phoneHash && at >= this.#forgetBefore()) this.book.add(d.visitId, at, d)
  }

  async checkIn(phone: string, platform: string, purposes: string[]): Promise<Visit> {
    const { phones, clock, time, store } = this.#o
    const phoneHash = phones.hash(phone)
    const now = clock.now()
    const repeat = this.book.recent(phoneHash, now)
    if (repeat) {
      await this.#pending.get(repeat.id)
      return repeat
    }
    const event: CheckinEvent = {
      visitId: randomUUID(),
      phoneHash,
      phoneMasked: phones.mask(phone),
      platform,
      purposes,
    }
    const day = time.day(now)
    const durable = store.commit((tx) => {
      const visit = this.book.add(event.visitId, now, event)
      event.returning = visit.returning
      this.counts.add(day, platform, purposes, 1, visit.returning)
      tx.append('checkin', event)
      tx.undo(() => {
        this.book.remove(phoneHash, event.visitId)
        this.counts.remove(day, platform, purposes, visit.returning)
      })
      return visit
    })
    this.#pending.set(event.visitId, durable)
    try {
      return await durable
    } finally {
      this.#pending.delete(event.visitId)
    }
  }

  lookup(phone: string) {
    return this.book.lookup(this.#o.phones.hash(phone), this.#o.clock.now())
  }

  /** Visits counted in the period containing now: every configured id listed, 0 if none. */
  stats(period: Period, platforms: string[], purposes: string[]) {
    const { from, to } = this.#o.time.periodRange(period, this.#o.clock.now())
    const s = this.counts.sum(this.daysOf(from, to), platforms, purposes)
    return { period, ...s, from: new Date(from).toISOString(), to: new Date(to).toISOString() }
  }

  /** The station days in [from, to). */
  daysOf(from: number, to: number): string[] {
    const out: string[] = []
    for (let t = from; t < to; t += DAY) out.push(this.#o.time.day(t + DAY / 2))
    return out
  }

  /** Forgets the visits of phones past privacy.personalDataDays (their figures stay). */
  forgetOld(): number {
    return this.book.forget(this.#forgetBefore())
  }

  #forgetBefore(): number {
    return this.#o.clock.now() - this.#o.personalDays * DAY
  }
}
