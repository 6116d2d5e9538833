import type { Static } from 'typebox'
import type { EventData } from '../store/event-map.js'
import type { ReservedEvent } from './events.js'

/**
 * The lockers' memory, the projection of their journal events (events.ts): who holds which locker, which
 * lockers are out of service, and the figures per station day. `apply` is the one way it changes, for a
 * commit as for a replay, so the two cannot differ; it returns how to take the change back.
 */

/** reserved: the lock fired (or is firing) for a new rental; active: the door closed on it; collecting: opening for its owner. */
export type RentalStage = 'reserved' | 'active' | 'collecting'

export type Rental = Static<typeof ReservedEvent> & {
  reservedAt: number
  startedAt: number | null
  stage: RentalStage
  reconciled: boolean
  collectBy: 'phone' | 'pin' | 'manager' | null
}

export interface OutOfService {
  reason: string
  user: string | null
  at: number
}

export interface DayFigures {
  /** Rentals started (the door closed on them). */
  rentals: number
  ended: number
  overdue: number
  cancelled: number
  /** Minutes of the rentals ended that day, together. */
  minutes: number
  /** Lockers opened by a manager. */
  opened: number
  faults: Record<string, number>
}

export type LockerEventType =
  | 'locker.rental.reserved'
  | 'locker.rental.started'
  | 'locker.rental.cancelled'
  | 'locker.rental.collecting'
  | 'locker.rental.collect-failed'
  | 'locker.rental.ended'
  | 'locker.opened'
  | 'locker.service'
  | 'locker.fault'

export const LOCKER_EVENT_TYPES: readonly LockerEventType[] = [
  'locker.rental.reserved',
  'locker.rental.started',
  'locker.rental.cancelled',
  'locker.rental.collecting',
  'locker.rental.collect-failed',
  'locker.rental.ended',
  'locker.opened',
  'locker.service',
  'locker.fault',
]

const emptyDay = (): DayFigures => ({
  rentals: 0,
  ended: 0,
  overdue: 0,
  cancelled: 0,
  minutes: 0,
  opened: 0,
  faults: {},
})

export class LockerBook {
  /** By locker id. */
  readonly rentals = new Map<string, Rental>()
  readonly outOfService = new Map<string, OutOfService>()
  readonly days = new Map<string, DayFigures>()

  constructor(private readonly dayOf: (ms: number) => string) {}

  byPhone(phoneHash: string): Rental | undefined {
    for (const r of this.rentals.values()) if (r.by === 'phone' && r.phoneHash === phoneHash) return r
    return undefined
  }

  /** Applies one event at `at` (ms); returns the undo for a commit that cannot be made durable. */
  apply<K extends LockerEventType>(type: K, data: EventData<K>, at: number): () => void {
    const d = data as { locker: string }
    const locker = d.locker
    const before = {
      rental: locker ? this.rentals.get(locker) : undefined,
      service: locker ? this.outOfService.get(locker) : undefined,
      day: this.days.get(this.dayOf(at)),
    }
    const copy = { rental: before.rental && { ...before.rental }, day: before.day && cloneDay(before.day) }
    this.#apply(type, data, at)
    return () => {
      if (copy.rental) this.rentals.set(locker, copy.rental)
      else if (locker) this.rentals.delete(locker)
      if (before.service) this.outOfService.set(locker, before.service)
      else if (locker) this.outOfService.delete(locker)
      if (copy.day) this.days.set(this.dayOf(at), copy.day)
      else this.days.delete(this.dayOf(at))
    }
  }

  #apply(type: LockerEventType, data: unknown, at: number): void {
    const day = () => {
      const key = this.dayOf(at)
      const f = this.days.get(key) ?? emptyDay()
      this.days.set(key, f)
      return f
    }
    switch (type) {
      case 'locker.rental.reserved': {
        const e = data as EventData<'locker.rental.reserved'>
        this.rentals.set(e.locker, {
          ...e,
          reservedAt: at,
          startedAt: null,
          stage: 'reserved',
          reconciled: false,
          collectBy: null,
        })
        return
      }
      case 'locker.rental.started': {
        const e = data as EventData<'locker.rental.started'>
        const r = this.#rental(e.locker, e.rentalId)
        if (!r) return
        r.stage = 'active'
        r.startedAt = at
        r.reconciled = e.reconciled
        day().rentals++
        return
      }
      case 'locker.rental.cancelled': {
        const e = data as EventData<'locker.rental.cancelled'>
        if (this.#rental(e.locker, e.rentalId)) this.rentals.delete(e.locker)
        day().cancelled++
        return
      }
      case 'locker.rental.collecting': {
        const e = data as EventData<'locker.rental.collecting'>
        const r = this.#rental(e.locker, e.rentalId)
        if (!r) return
        r.stage = 'collecting'
        r.collectBy = e.by
        return
      }
      case 'locker.rental.collect-failed': {
        const e = data as EventData<'locker.rental.collect-failed'>
        const r = this.#rental(e.locker, e.rentalId)
        if (!r) return
        r.stage = 'active'
        r.collectBy = null
        return
      }
      case 'locker.rental.ended': {
        const e = data as EventData<'locker.rental.ended'>
        if (this.#rental(e.locker, e.rentalId)) this.rentals.delete(e.locker)
        const f = day()
        f.ended++
        f.minutes += e.minutes
        if (e.overdue) f.overdue++
        return
      }
      case 'locker.opened':
        day().opened++
        return
      case 'locker.service': {
        const e = data as EventData<'locker.service'>
        if (e.inService) this.outOfService.delete(e.locker)
        else this.outOfService.set(e.locker, { reason: e.reason, user: e.user, at })
        return
      }
      case 'locker.fault': {
        const e = data as EventData<'locker.fault'>
        const f = day()
        f.faults[e.fault] = (f.faults[e.fault] ?? 0) + 1
        return
      }
    }
  }

  #rental(locker: string, id: string): Rental | undefined {
    const r = this.rentals.get(locker)
    return r?.rentalId === id ? r : undefined
  }

  save() {
    return {
      rentals: [...this.rentals.values()],
      outOfService: Object.fromEntries(this.outOfService),
      days: Object.fromEntries(this.days),
    }
  }

  load(data: unknown): void {
    const d = data as ReturnType<LockerBook['save']>
    this.rentals.clear()
    this.outOfService.clear()
    this.days.clear()
    for (const r of d.rentals) this.rentals.set(r.locker, r)
    for (const [k, v] of Object.entries(d.outOfService)) this.outOfService.set(k, v)
    for (const [k, v] of Object.entries(d.days)) this.days.set(k, v)
  }
}

function cloneDay(d: DayFigures): DayFigures {
  return { ...d, faults: { ...d.faults } }
}
