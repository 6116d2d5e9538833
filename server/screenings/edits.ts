import { Errors } from '../errors.js'
import type { Place, Screening, ScreeningBook, ScreeningDef } from './book.js'

export interface Edited {
  before: ScreeningDef
  /** Moved from the waiting list into the places a raised capacity freed, in order. */
  promoted: Place[]
}

/** A manager may change an event until it is over, unless it was cancelled. */
export function changeable(book: ScreeningBook, id: string, now: number): Screening {
  const s = book.get(id)
  if (!s) throw new Errors.SCREENING_NOT_FOUND(id)
  if (s.cancelled) throw new Errors.SCREENING_LOCKED(id, 'has been cancelled')
  if (s.end <= now) throw new Errors.SCREENING_LOCKED(id, 'is over')
  return s
}

function setDef(s: Screening, def: ScreeningDef): void {
  s.def = def
  s.start = Date.parse(def.start)
  s.end = Date.parse(def.end)
}

/**
 * Replaces an event's definition. The capacity may not drop below the places already confirmed (nobody
 * loses a confirmed place); a raised capacity goes at once to those waiting, first come first served.
 */
export function editScreening(book: ScreeningBook, def: ScreeningDef, now: number): Edited {
  const s = changeable(book, def.id, now)
  if (def.capacity < s.confirmed.length)
    throw new Errors.CAPACITY_BELOW_CONFIRMED(def.capacity, s.confirmed.length)
  const before = s.def
  setDef(s, def)
  return { before, promoted: book.fillFreePlaces(def.id, now) }
}

/** Takes back an edit that could not be made durable: the old definition, and the promoted back in line. */
export function undoEdit(book: ScreeningBook, id: string, e: Edited): void {
  const s = book.get(id)
  if (!s) return
  for (const p of [...e.promoted].reverse()) {
    const i = s.confirmed.indexOf(p)
    if (i >= 0) s.confirmed.splice(i, 1)
    delete p.promotedAt
    s.waitlist.unshift(p)
  }
  setDef(s, e.before)
}

/** Marks an event cancelled; false when it already was (cancelling twice changes nothing). */
export function cancelScreening(book: ScreeningBook, id: string, now: number): boolean {
  const s = book.get(id)
  if (s?.cancelled) return false
  const c = changeable(book, id, now)
  c.cancelled = true
  c.cancelledAt = now
  return true
}
