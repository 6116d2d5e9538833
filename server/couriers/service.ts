import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { PhoneKeys } from '../privacy/secret.js'
import type { Journal, JournalEntry } from '../store/journal.js'
import type { Period } from './periods.js'
import { type Visit, VisitBook } from './visits.js'

/** What the journal keeps of a check-in: no clear phone number, no name. */
export interface CheckinEvent {
  visitId: string
  phoneHash: string
  phoneMasked: string
  platform: string
  purposes: string[]
}

export const CHECKIN_EVENT = 'checkin'

/**
 * Check-ins: decides in memory, synchronously, whether a check-in is a new visit or a repeat (so two taps
 * at the same instant cannot both count), then makes the new visit durable before anyone is told of it.
 */
export class Couriers {
  readonly book: VisitBook
  /** Visits whose journal append has not returned yet: a repeat of one waits for it. */
  readonly #pending = new Map<string, Promise<unknown>>()

  constructor(
    private readonly journal: Journal,
    private readonly phones: PhoneKeys,
    private readonly clock: Clock,
    repeatMin: number,
  ) {
    this.book = new VisitBook(repeatMin * 60_000)
  }

  /** Rebuilds the visits from the journal (at start, before the routes take requests). */
  async replay(): Promise<number> {
    for await (const e of this.journal.read())
      if (e.type === CHECKIN_EVENT) this.apply(e as JournalEntry<CheckinEvent>)
    return this.book.size
  }

  apply(e: JournalEntry<CheckinEvent>): void {
    const d = e.data
    this.book.add(d.visitId, Date.parse(e.ts), d)
  }

  async checkIn(phone: string, platform: string, purposes: string[]): Promise<Visit> {
    const phoneHash = this.phones.hash(phone)
    const now = this.clock.now()
    const repeat = this.book.recent(phoneHash, now)
    if (repeat) {
      await this.#pending.get(repeat.id)
      return repeat
    }
    const event: CheckinEvent = {
      visitId: randomUUID(),
      phoneHash,
      phoneMasked: this.phones.mask(phone),
      platform,
      purposes,
    }
    const visit = this.book.add(event.visitId, now, event)
    const durable = this.journal.append(CHECKIN_EVENT, event)
    this.#pending.set(event.visitId, durable)
    try {
      await durable
    } catch (err) {
      this.book.remove(phoneHash, event.visitId)
      throw err
    } finally {
      this.#pending.delete(event.visitId)
    }
    return visit
  }

  lookup(phone: string) {
    return this.book.lookup(this.phones.hash(phone), this.clock.now())
  }

  stats(period: Period, platforms: string[], purposes: string[]) {
    const s = this.book.stats(period, this.clock.now(), platforms, purposes)
    return { period, ...s, from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString() }
  }
}
