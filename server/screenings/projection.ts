import type { JournalEntry } from '../store/journal.js'
import type { Projection } from '../store/store.js'
import type { SavedScreening, ScreeningBook } from './book.js'
import {
  type CancelEvent,
  type CancelledEvent,
  type DefinedEvent,
  defOf,
  SCREENING_EVENTS as E,
  type PromotedEvent,
  type SignupEvent,
  type ToldEvent,
} from './events.js'

/**
 * Events and places rebuilt from the journal's `screening.*` events, in order. The statuses the journal
 * recorded are the truth, whatever the capacity now.
 */
export function screeningsProjection(book: ScreeningBook): Projection {
  return {
    name: 'screenings',
    version: 1,
    types: Object.values(E),
    apply(e: JournalEntry) {
      if (e.type === E.created || e.type === E.updated) {
        const d = e.data as DefinedEvent
        const known = book.get(d.screeningId)
        if (known) {
          known.def = defOf(d)
          known.start = Date.parse(d.start)
          known.end = Date.parse(d.end)
        } else book.define(defOf(d))
      } else if (e.type === E.cancelled) {
        const s = book.get((e.data as CancelledEvent).screeningId)
        if (s) {
          s.cancelled = true
          s.cancelledAt = Date.parse(e.ts)
        }
      } else if (e.type === E.signup) {
        const d = e.data as SignupEvent
        const place = {
          code: d.code,
          phoneHash: d.phoneHash,
          phoneMasked: d.phoneMasked,
          at: Date.parse(e.ts),
        }
        book.replaySignUp(d.screeningId, place, d.status)
      } else if (e.type === E.cancel) {
        const d = e.data as CancelEvent
        book.replayCancel(d.screeningId, d.code)
      } else if (e.type === E.promoted) {
        const d = e.data as PromotedEvent
        book.replayPromoted(d.screeningId, d.code, Date.parse(e.ts))
      } else {
        const d = e.data as ToldEvent
        book.replayTold(d.screeningId, d.code, Date.parse(e.ts))
      }
    },
    save: () => book.save(),
    load: (data) => book.load(data as SavedScreening[]),
  }
}
