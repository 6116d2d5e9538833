import type { Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { AlertEvents } from '../alerts/events.js'
import { ColdChainEvents } from '../coldchain/events.js'
import { CourierEvents } from '../couriers/events.js'
import { HelpEvents } from '../help/events.js'
import { LockerEvents } from '../lockers/events.js'
import { NoticeEvents } from '../notices/events.js'
import { ScreeningEvents } from '../screenings/events.js'
import { SensorEvents } from '../sensors/events.js'
import { StockEvents } from '../stock/events.js'
import { UplinkEvents } from '../uplink/events.js'
import type { EventDef } from './event-kit.js'

/**
 * Every event the journal holds: name → payload version and schema. The one source for the payload types
 * (EventData<K>), for checking entries on replay, and for docs/uplink.md.
 */
export const EVENTS = {
  ...SensorEvents,
  ...CourierEvents,
  ...ScreeningEvents,
  ...HelpEvents,
  ...AlertEvents,
  ...StockEvents,
  ...ColdChainEvents,
  ...NoticeEvents,
  ...LockerEvents,
  ...UplinkEvents,
} satisfies Record<string, EventDef>

export type EventType = keyof typeof EVENTS
export type EventData<K extends EventType> = Static<(typeof EVENTS)[K]['schema']>

const checkers = new Map(Object.entries(EVENTS).map(([k, d]) => [k, Compile(d.schema)]))

/** Why an entry cannot be read by this release: refuses the start, never misread. */
export class JournalVersionError extends Error {
  readonly code = 'HUB_ERR_JOURNAL_VERSION'
  constructor(seq: number, type: string, v: number) {
    const known = (EVENTS as Record<string, EventDef>)[type]
    super(
      known
        ? `journal event ${seq} (${type}) is version ${v}; this release reads up to version ${known.v}: it was written by a newer release. Install that release again (or a newer one); the data was not touched.`
        : `journal event ${seq} has type "${type}", which this release does not know: it was written by a newer release. Install that release again (or a newer one); the data was not touched.`,
    )
    this.name = 'JournalVersionError'
  }
}

/**
 * Checks one entry read back: a known type at a version this release reads, with a payload of its schema.
 * Throws JournalVersionError for a newer one; returns the problem for a payload that does not fit.
 */
export function checkEntry(e: { seq: number; type: string; v?: number; data: unknown }): string | null {
  const def = (EVENTS as Record<string, EventDef>)[e.type]
  const v = e.v ?? 1
  if (!def || v > def.v) throw new JournalVersionError(e.seq, e.type, v)
  const check = checkers.get(e.type)
  if (check && !check.Check(e.data)) return `event ${e.seq} (${e.type}) does not fit its schema`
  return null
}

export const eventVersion = (type: EventType): number => EVENTS[type].v
