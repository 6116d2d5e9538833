import type { Journal, JournalEntry } from '../store/journal.js'
import type { ScreeningBook, ScreeningDef } from './book.js'
import {
  type CancelEvent,
  type CancelledEvent,
  type DefinedEvent,
  definedEvent,
  defOf,
  SCREENING_EVENTS as E,
  type PromotedEvent,
  type SignupEvent,
} from './journal-events.js'

export interface Rebuilt {
  /** Sign-ups met in the journal. */
  signups: number
  /** Config events journaled as new on this start. */
  seeded: string[]
}

/** A config time (any offset) as the hub writes times: UTC, `…Z`. */
const utc = (t: string) => new Date(t).toISOString()

/**
 * Rebuilds events and places from the journal in one pass, and seeds the config's events it has never seen.
 *
 * Definitions are folded to their latest state first and places applied after: a station that ran before
 * events were stored has sign-ups in its journal ahead of the `screening.created` its config events get on
 * the first start since. The statuses the journal recorded are the truth, whatever the capacity now.
 *
 * The config is a seed only: an id already in the journal keeps its journaled definition (a manager may
 * have edited it), so changing or removing a config event later changes nothing.
 */
export async function rebuild(book: ScreeningBook, journal: Journal, seed: ScreeningDef[]): Promise<Rebuilt> {
  const defs = new Map<string, { def: ScreeningDef; cancelled: boolean }>()
  const places: JournalEntry[] = []
  for await (const e of journal.read()) {
    if (e.type === E.created || e.type === E.updated) {
      const d = e.data as DefinedEvent
      defs.set(d.screeningId, { def: defOf(d), cancelled: defs.get(d.screeningId)?.cancelled ?? false })
    } else if (e.type === E.cancelled) {
      const known = defs.get((e.data as CancelledEvent).screeningId)
      if (known) known.cancelled = true
    } else if (e.type === E.signup || e.type === E.cancel || e.type === E.promoted) {
      places.push(e)
    }
  }

  const fresh = seed
    .filter((d) => !defs.has(d.id))
    .map((d) => ({ ...d, start: utc(d.start), end: utc(d.end) }))
  // Appended in one tick: one fsync for them all.
  await Promise.all(fresh.map((d) => journal.append(E.created, definedEvent(d, null, 'config'))))
  for (const def of fresh) defs.set(def.id, { def, cancelled: false })
  for (const { def, cancelled } of defs.values()) book.define(def, cancelled)

  let signups = 0
  for (const e of places) {
    if (e.type === E.signup) {
      const d = e.data as SignupEvent
      const place = { code: d.code, phoneHash: d.phoneHash, phoneMasked: d.phoneMasked, at: Date.parse(e.ts) }
      book.replaySignUp(d.screeningId, place, d.status)
      signups++
    } else if (e.type === E.cancel) {
      const d = e.data as CancelEvent
      book.replayCancel(d.screeningId, d.code)
    } else {
      const d = e.data as PromotedEvent
      book.replayPromoted(d.screeningId, d.code)
    }
  }
  return { signups, seeded: fresh.map((d) => d.id) }
}
