import { randomInt } from 'node:crypto'
import type { ScreeningConfig } from '../config/schema.js'
import { Errors } from '../errors.js'

export type PlaceStatus = 'confirmed' | 'waitlisted'

/** A held place: what the journal knows of it (no name, no clear phone number). */
export interface Place {
  code: string
  phoneHash: string
  phoneMasked: string
  /** When the sign-up was made (ms). */
  at: number
}

/** What defines an event: seeded from the config, then created and edited by a manager. */
export type ScreeningDef = ScreeningConfig

export interface Screening {
  def: ScreeningDef
  start: number
  end: number
  /** Called off by a manager: kept for the record, hidden from the kiosk, closed to sign-ups. */
  cancelled: boolean
  confirmed: Place[]
  /** In order: the first is promoted when a confirmed place is given up. */
  waitlist: Place[]
  /** Places given up by the people who held them, in the order they were given up. */
  withdrawn: Place[]
  /** Every code ever given in this event, so a code is never given twice, even after a cancellation. */
  codes: Set<string>
}

/** An event as a snapshot keeps it. */
export interface SavedScreening {
  def: ScreeningDef
  cancelled: boolean
  confirmed: Place[]
  waitlist: Place[]
  withdrawn: Place[]
  codes: string[]
}

export type SignUp =
  | { place: Place; status: 'confirmed' }
  | { place: Place; status: 'waitlisted'; position: number }

export interface Cancelled {
  place: Place
  status: PlaceStatus
  /** Where it was in its list, to put it back if the cancellation cannot be made durable. */
  index: number
  promoted: Place | null
}

/** Six digits, typed on the kiosk's numeric keypad. */
export const randomCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0')

/**
 * Places and waiting lists of the screening events, in memory: the projection of the journal's
 * `screening.*` events. Every decision is synchronous, so sign-ups arriving at the same instant are decided
 * one after the other and capacity is never exceeded. Pure apart from the random codes.
 */
export class ScreeningBook {
  readonly #events = new Map<string, Screening>()
  /** Replayed places of events not defined yet, applied when they are. */
  readonly #early = new Map<string, (() => void)[]>()

  constructor(
    defs: ScreeningDef[] = [],
    private readonly newCode: () => string = randomCode,
  ) {
    for (const def of defs) this.define(def)
  }

  /** Adds an event with no places taken (at start, from the journal or the config seed, or a new one). */
  define(def: ScreeningDef, cancelled = false): Screening {
    const s: Screening = {
      def,
      start: Date.parse(def.start),
      end: Date.parse(def.end),
      cancelled,
      confirmed: [],
      waitlist: [],
      withdrawn: [],
      codes: new Set(),
    }
    this.#events.set(def.id, s)
    const early = this.#early.get(def.id)
    this.#early.delete(def.id)
    for (const apply of early ?? []) apply()
    return s
  }

  /** Takes back an event that was defined but could not be made durable. */
  undefine(id: string): void {
    this.#events.delete(id)
  }

  get(id: string): Screening | undefined {
    return this.#events.get(id)
  }

  /** An event the kiosk may see: known and not cancelled. */
  visible(id: string): Screening | undefined {
    const s = this.#events.get(id)
    return s && !s.cancelled ? s : undefined
  }

  /** Every event, past and cancelled ones too, soonest first. */
  all(): Screening[] {
    return [...this.#events.values()].sort((a, b) => a.start - b.start)
  }

  /** Events not yet over at `now` and not cancelled, soonest first. */
  upcoming(now: number): Screening[] {
    return this.all().filter((s) => s.end > now && !s.cancelled)
  }

  signUp(id: string, phoneHash: string, phoneMasked: string, now: number): SignUp {
    const s = this.#open(id, now)
    if (
      s.confirmed.some((p) => p.phoneHash === phoneHash) ||
      s.waitlist.some((p) => p.phoneHash === phoneHash)
    )
      throw new Errors.ALREADY_SIGNED_UP()
    let code = this.newCode()
    while (s.codes.has(code)) code = this.newCode()
    const place = { code, phoneHash, phoneMasked, at: now }
    s.codes.add(code)
    if (s.confirmed.length < s.def.capacity) {
      s.confirmed.push(place)
      return { place, status: 'confirmed' }
    }
    s.waitlist.push(place)
    return { place, status: 'waitlisted', position: s.waitlist.length }
  }

  /** Gives up the place with this code if the phone matches; a confirmed place goes to the first waiting. */
  cancel(id: string, code: string, phoneHash: string, now: number): Cancelled {
    const s = this.#known(id)
    if (s.end <= now) throw new Errors.SCREENING_CLOSED(id)
    for (const status of ['confirmed', 'waitlisted'] as const) {
      const list = status === 'confirmed' ? s.confirmed : s.waitlist
      const index = list.findIndex((p) => p.code === code)
      // Same answer for a wrong code and a wrong phone: a code alone must not reveal that it exists.
      if (index === -1) continue
      const place = list[index] as Place
      if (place.phoneHash !== phoneHash) break
      list.splice(index, 1)
      s.withdrawn.push(place)
      // A cancelled event gives nobody a place: it will not take place.
      const promoted = status === 'confirmed' && !s.cancelled ? this.#promoteFirst(s) : null
      return { place, status, index, promoted }
    }
    throw new Errors.SIGNUP_NOT_FOUND()
  }

  /** The code of the place (confirmed or waiting) this phone holds in this event, if any. */
  codeOf(id: string, phoneHash: string): string | undefined {
    const s = this.#events.get(id)
    if (!s || !phoneHash) return undefined
    return (
      s.confirmed.find((p) => p.phoneHash === phoneHash) ?? s.waitlist.find((p) => p.phoneHash === phoneHash)
    )?.code
  }

  /**
   * Takes back a sign-up that could not be made durable. Commits after it were taken back first (newest
   * first), so its place is simply removed: nobody waiting was there before it.
   */
  undoSignUp(id: string, code: string): void {
    const s = this.#known(id)
    for (const list of [s.confirmed, s.waitlist]) {
      const i = list.findLastIndex((p) => p.code === code)
      if (i >= 0) list.splice(i, 1)
    }
    s.codes.delete(code)
  }

  /** Puts back a cancelled place that could not be made durable, and sends its promotion back to the queue. */
  undoCancel(id: string, c: Cancelled): void {
    const s = this.#known(id)
    if (c.promoted) {
      const i = s.confirmed.indexOf(c.promoted)
      if (i >= 0) s.confirmed.splice(i, 1)
      s.waitlist.unshift(c.promoted)
    }
    const w = s.withdrawn.lastIndexOf(c.place)
    if (w >= 0) s.withdrawn.splice(w, 1)
    const list = c.status === 'confirmed' ? s.confirmed : s.waitlist
    list.splice(Math.min(c.index, list.length), 0, c.place)
  }

  /** Moves the first waiting into free places (after a capacity raise); returns who was moved. */
  fillFreePlaces(id: string): Place[] {
    const s = this.#known(id)
    const moved: Place[] = []
    while (s.confirmed.length < s.def.capacity && s.waitlist.length > 0)
      moved.push(this.#promoteFirst(s) as Place)
    return moved
  }

  // Replaying the journal: the statuses it recorded are the truth, even if the capacity has changed since.
  // A place for an event not (yet) defined waits for its definition: a station that ran before events
  // were stored has sign-ups ahead of the definition its config event gets later.
  replaySignUp(id: string, place: Place, status: PlaceStatus): void {
    const s = this.#events.get(id)
    if (!s) {
      this.#later(id, () => this.replaySignUp(id, place, status))
      return
    }
    s.codes.add(place.code)
    ;(status === 'confirmed' ? s.confirmed : s.waitlist).push(place)
  }

  replayCancel(id: string, code: string): void {
    const s = this.#events.get(id)
    if (!s) {
      this.#later(id, () => this.replayCancel(id, code))
      return
    }
    for (const list of [s.confirmed, s.waitlist]) {
      const i = list.findIndex((p) => p.code === code)
      if (i >= 0) s.withdrawn.push(...list.splice(i, 1))
    }
  }

  replayPromoted(id: string, code: string): void {
    const s = this.#events.get(id)
    if (!s) {
      this.#later(id, () => this.replayPromoted(id, code))
      return
    }
    const i = s.waitlist.findIndex((p) => p.code === code)
    if (i >= 0) s.confirmed.push(...s.waitlist.splice(i, 1))
  }

  #later(id: string, apply: () => void): void {
    this.#early.set(id, [...(this.#early.get(id) ?? []), apply])
  }

  /** Places of events that ended before `before` keep no phone hash or masked number any more. */
  forgetPhones(before: number): number {
    let n = 0
    for (const s of this.#events.values()) {
      if (s.end >= before) continue
      for (const p of [...s.confirmed, ...s.waitlist, ...s.withdrawn])
        if (p.phoneHash || p.phoneMasked) {
          p.phoneHash = ''
          p.phoneMasked = ''
          n++
        }
    }
    return n
  }

  save(): SavedScreening[] {
    return this.all().map((s) => ({
      def: s.def,
      cancelled: s.cancelled,
      confirmed: s.confirmed,
      waitlist: s.waitlist,
      withdrawn: s.withdrawn,
      codes: [...s.codes],
    }))
  }

  load(saved: SavedScreening[]): void {
    this.#events.clear()
    for (const x of saved) {
      const s = this.define(x.def, x.cancelled)
      s.confirmed = x.confirmed
      s.waitlist = x.waitlist
      s.withdrawn = x.withdrawn
      s.codes = new Set(x.codes)
    }
  }

  #promoteFirst(s: Screening): Place | null {
    const next = s.waitlist.shift()
    if (!next) return null
    s.confirmed.push(next)
    return next
  }

  #known(id: string): Screening {
    const s = this.#events.get(id)
    if (!s) throw new Errors.SCREENING_NOT_FOUND(id)
    return s
  }

  #open(id: string, now: number): Screening {
    // To the kiosk a cancelled event is gone: it answers as for an unknown one ("called off").
    const s = this.visible(id)
    if (!s) throw new Errors.SCREENING_NOT_FOUND(id)
    if (s.start <= now) throw new Errors.SCREENING_CLOSED(id)
    return s
  }
}
