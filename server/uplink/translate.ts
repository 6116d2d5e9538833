import type { Alert } from '../alerts/types.js'
import type { CheckinEvent } from '../couriers/service.js'
import type { SignupEvent } from '../screenings/events.js'
import type { JournalEntry } from '../store/journal.js'
import type { StationTime } from '../time/station-time.js'
import {
  type AlertData,
  EVENT_TYPES,
  type EventData,
  type EventType,
  type StockLevelData,
} from './protocol.js'
import type { UplinkEvent } from './protocol-messages.js'

/** What the translation asks of the station's features (their state now). */
export interface StationLookups {
  time: StationTime
  screeningTitle(id: string): string | null
  /** The item's level now; null when it is gone. */
  stockLevel(itemId: string): StockLevelData | null
  /** The charging lockers' figures of a station day so far: rentals started, faults seen. */
  lockerDay(day: string): { rentals: number; faults: number }
}

const event = <T extends EventType>(e: JournalEntry, type: T, data: EventData<T>): UplinkEvent => ({
  seq: e.seq,
  at: e.ts,
  type,
  v: EVENT_TYPES[type].v,
  data: data as Record<string, unknown>,
})

const TITLE_MAX = 200
const title = (l: StationLookups, id: string) => (l.screeningTitle(id) ?? id).slice(0, TITLE_MAX)

/** A station alert as the district sees it: no context (a courier's masked phone), no account names. */
export function alertData(a: Alert): AlertData {
  return {
    alertId: a.id,
    type: a.type,
    severity: a.severity,
    state: a.state,
    subject: a.subject,
    subjectName: a.subjectName.slice(0, 200) || a.subject,
    since: a.since,
    raisedAt: a.raisedAt,
    count: Math.max(1, a.count),
    value: a.value,
    peak: a.peak,
    ackAt: a.ackAt,
    ackFrom: a.ackAt ? (a.ackFrom ?? 'station') : null,
    clearedAt: a.clearedAt,
    clearedAuto: a.state === 'cleared' ? a.clearedBy === 'auto' : null,
  }
}

/**
 * The event a journal entry sends up, or null when it stays at the station (covered by its batch all the
 * same). Figures only: what is personal in an entry (phone hashes and masks, codes, names, accounts) is
 * never copied; each translation builds its payload field by field from what may go up.
 */
export function translate(e: JournalEntry, l: StationLookups): UplinkEvent | null {
  const at = Date.parse(e.ts)
  const day = l.time.day(at)
  switch (e.type) {
    case 'checkin': {
      const d = e.data as CheckinEvent
      return event(e, 'checkin', {
        day,
        platform: d.platform,
        purposes: d.purposes,
        returning: d.returning === true,
      })
    }
    case 'screening.signup': {
      const d = e.data as SignupEvent
      const status = d.status === 'confirmed' ? 'confirmed' : 'waiting'
      return event(e, 'screening.signup', {
        screeningId: d.screeningId,
        title: title(l, d.screeningId),
        day,
        status,
      })
    }
    case 'screening.cancel': {
      const d = e.data as { screeningId: string; status: string }
      const status = d.status === 'confirmed' ? 'confirmed' : 'waiting'
      return event(e, 'screening.cancel', {
        screeningId: d.screeningId,
        title: title(l, d.screeningId),
        day,
        status,
      })
    }
    case 'screening.promoted': {
      const d = e.data as { screeningId: string }
      return event(e, 'screening.promoted', {
        screeningId: d.screeningId,
        title: title(l, d.screeningId),
        day,
      })
    }
    case 'help.requested':
      return event(e, 'help', { day, reason: (e.data as { reason: string }).reason })
    case 'alert.raised':
    case 'alert.acknowledged':
    case 'alert.cleared':
      return event(e, e.type, alertData(e.data as Alert))
    case 'stock.item':
    case 'stock.restock':
    case 'stock.takeout': {
      const id = (e.data as { id: string }).id
      const level = l.stockLevel(id)
      return level ? event(e, 'stock.level', level) : event(e, 'stock.removed', { itemId: id })
    }
    case 'locker.rental.started':
      // Rentals per day: the day's figures so far (the last by seq counts at the district).
      return event(e, 'locker.day', { day, ...l.lockerDay(day) })
    case 'locker.fault': {
      const d = e.data as { fault: string; locker: string | null; bus: string; board: number }
      return event(e, 'locker.fault', { lockerId: d.locker ?? `${d.bus}:${d.board}`, fault: d.fault })
    }
    case 'device.state':
    case 'coldchain.day':
    case 'coldchain.excursion':
    case 'command.result':
      return event(e, e.type, e.data as never)
    default:
      // device.online/offline (their state goes up as device.state), screening definitions, notices, the
      // cold-chain action text, webhooks' reminders, unregistered ids: nothing the district counts.
      return null
  }
}
