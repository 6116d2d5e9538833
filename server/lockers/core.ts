import type { LockerAlertType } from '../alerts/types.js'
import type { Clock } from '../clock.js'
import type { LockersConfig } from '../config/schema-lockers.js'
import type { PhoneKeys } from '../privacy/secret.js'
import type { EventData } from '../store/event-map.js'
import type { Store } from '../store/store.js'
import type { LockerBook, LockerEventType } from './book.js'
import type { Cabinets, LockerSpec } from './cabinets.js'
import { DoorTimers } from './door-timers.js'
import { OverdueTimers } from './overdue.js'
import { PinGuard } from './pins.js'

export type { LockerAlertType }

/** How the lockers raise and clear their alerts (the alert engine's onLocker in the hub). */
export interface LockerAlertSink {
  raise(
    type: LockerAlertType,
    subject: string,
    subjectName: string,
    context?: Record<string, string | number | null>,
  ): void
  clear(type: LockerAlertType, subject: string): void
}

export interface LockerLog {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface CoreOptions {
  config: LockersConfig
  store: Pick<Store, 'commit' | 'record'>
  book: LockerBook
  cabinets: Cabinets
  phones: PhoneKeys
  clock: Clock
  alerts: LockerAlertSink
  log: LockerLog
  /** Anything a screen shows of the lockers changed. */
  onChange: () => void
}

/**
 * What every part of the lockers feature shares: the journal (commit and record, each applied to the book
 * first, exactly as a replay applies it), the boards, the timers of open doors and running rentals, the
 * lockers being opened right now, and the alerts.
 */
export class LockerCore {
  readonly config: LockersConfig
  readonly book: LockerBook
  readonly cabinets: Cabinets
  readonly phones: PhoneKeys
  readonly clock: Clock
  readonly alerts: LockerAlertSink
  readonly log: LockerLog
  readonly doors: DoorTimers
  readonly overdue: OverdueTimers
  readonly pins: PinGuard
  /** Lockers with an action in flight (a commit, then its unlock): one at a time each. */
  readonly busy = new Set<string>()
  /** Bumped on every change a screen shows; starts at the clock, so it grows across restarts too. */
  rev: number
  readonly #store: CoreOptions['store']
  readonly #onChange: () => void

  constructor(o: CoreOptions) {
    this.config = o.config
    this.book = o.book
    this.cabinets = o.cabinets
    this.phones = o.phones
    this.clock = o.clock
    this.alerts = o.alerts
    this.log = o.log
    this.#store = o.store
    this.#onChange = o.onChange
    this.rev = o.clock.now()
    this.doors = new DoorTimers(o.clock, o.config.doorRemindSec * 1000, o.config.doorAlertMin * 60_000, {
      remind: () => this.changed(),
      alert: (id, since) => {
        const spec = this.cabinets.get(id)
        if (!spec) return
        this.fault('door-open', spec, `open since ${new Date(since).toISOString()}`)
        this.alerts.raise('locker-door-open', id, spec.label, { openMin: o.config.doorAlertMin })
      },
      cleared: (id) => this.alerts.clear('locker-door-open', id),
    })
    this.overdue = new OverdueTimers(o.clock, o.config.timeLimitMin * 60_000, (id) => {
      const spec = this.cabinets.get(id)
      if (spec) this.alerts.raise('locker-overdue', id, spec.label, { limitMin: o.config.timeLimitMin })
      this.changed()
    })
    this.pins = new PinGuard(
      o.clock,
      o.config.pinTries,
      o.config.pinTriesPerAddress,
      o.config.pinLockMin * 60_000,
    )
  }

  changed(): void {
    this.rev++
    this.#onChange()
  }

  /** A change a person waits on: applied now, answered once durable, taken back if it cannot be. */
  commit(
    events: { [K in LockerEventType]: { type: K; data: EventData<K> } }[LockerEventType][],
  ): Promise<void> {
    const at = this.clock.now()
    return this.#store.commit((tx) => {
      for (const e of events) {
        tx.undo(this.book.apply(e.type, e.data as never, at))
        tx.append(e.type, e.data as never)
      }
    })
  }

  /** A fact the hub saw: applied now and journaled; nothing waits on it and nothing takes it back. */
  record<K extends LockerEventType>(type: K, data: EventData<K>): void {
    this.book.apply(type, data, this.clock.now())
    this.#store.record(type, data)
  }

  fault(
    fault: EventData<'locker.fault'>['fault'],
    spec: LockerSpec | null,
    detail: string,
    where?: { bus: string; board: number },
  ): void {
    const bus = spec?.bus ?? where?.bus ?? ''
    const board = spec?.board ?? where?.board ?? 0
    this.record('locker.fault', { fault, locker: spec?.id ?? null, bus, board, detail: detail.slice(0, 200) })
    this.log.warn(
      { fault, locker: spec?.id ?? null, bus, board },
      `lockers: ${fault}${spec ? ` at locker ${spec.label}` : ''}: ${detail}`,
    )
  }

  /** The hub takes a locker out of service by itself (a jam). */
  takeOut(spec: LockerSpec, reason: string): void {
    if (this.book.outOfService.has(spec.id)) return
    this.record('locker.service', { locker: spec.id, inService: false, user: null, reason })
  }

  stop(): void {
    this.doors.stop()
    this.overdue.stop()
  }
}
