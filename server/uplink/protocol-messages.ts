/**
 * The messages of the uplink protocol, version 1 (docs/uplink.md): what a station publishes under
 * `redstation/<stationId>/up/…` and what the central service publishes under `…/down/…`. Pure TypeBox.
 */
import { type Static, Type } from 'typebox'
import { AlertData, Day, DeviceStateData, Id, Iso, StockLevelData, Text } from './protocol-events.js'

/** The protocol version every message carries as `v`. A message of another version is refused, counted. */
export const UPLINK_VERSION = 1
/** Largest payload either side may publish; the district broker's limit is set a little above it. */
export const MAX_PAYLOAD_BYTES = 256 * 1024
/** Most events in one `up/events` batch. */
export const MAX_BATCH_EVENTS = 500

const V = Type.Literal(UPLINK_VERSION, { description: 'Protocol version' })
const Seq = (description: string) => Type.Integer({ minimum: 0, description })
const Session = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Random id of this connection of the station (new at every connect)',
})
const Counts = Type.Record(Type.String({ maxLength: 64 }), Type.Integer({ minimum: 0 }))

/** The figures of a period, as the station counts them and the central service answers them. */
export const Figures = Type.Object(
  {
    checkins: Type.Object({
      total: Type.Integer({ minimum: 0, description: 'Counted check-ins (repeats are not)' }),
      returning: Type.Integer({ minimum: 0, description: 'Of them, by a courier seen before' }),
      byPlatform: Counts,
      byPurpose: Counts,
    }),
    screenings: Type.Object({
      signups: Type.Integer({ minimum: 0, description: 'Places taken (confirmed or waiting)' }),
      cancellations: Type.Integer({ minimum: 0, description: 'Places given back' }),
      promoted: Type.Integer({ minimum: 0, description: 'Waiting places that became confirmed' }),
    }),
    help: Type.Object({
      total: Type.Integer({ minimum: 0, description: 'Help requests' }),
      byReason: Counts,
    }),
  },
  { description: 'Check-in, screening and help figures of a period' },
)
export type Figures = Static<typeof Figures>

/** `up/birth`: the station's whole current picture, on every connect and when the central service asks. */
export const Birth = Type.Object(
  {
    v: V,
    session: Session,
    seq: Seq('The station journal high-water mark when this picture was taken'),
    acked: Seq('The station durable cursor: the last seq the central service acknowledged'),
    at: Iso('When the picture was taken'),
    station: Type.Object(
      {
        name: Text(100, 'The station name, as configured'),
        timeZone: Text(64, 'IANA time zone of the station (its days and months)'),
        software: Type.Optional(Text(64, 'Software version')),
      },
      { additionalProperties: false },
    ),
    devices: Type.Array(DeviceStateData, { maxItems: 200 }),
    alerts: Type.Array(AlertData, { maxItems: 200, description: 'Open alerts (active or acknowledged)' }),
    stock: Type.Array(StockLevelData, { maxItems: 200 }),
    today: Type.Object({ day: Day('The station-time day'), ...Figures.properties }),
  },
  { additionalProperties: false },
)
export type Birth = Static<typeof Birth>

/** One event of a batch: a journal entry turned into figures. `seq` is the station journal seq. */
export const UplinkEvent = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: Iso('When it happened at the station'),
    type: Text(64, 'Event type (EVENT_TYPES)'),
    v: Type.Integer({ minimum: 1, description: 'Version of the type' }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'The payload of (type, v)' }),
  },
  { additionalProperties: false },
)
export type UplinkEvent = Static<typeof UplinkEvent>

/**
 * `up/events`: a batch that COVERS journal seqs from..to inclusive. Entries that stay at the station (private
 * ones) are covered but not sent, so they are not gaps. At most one batch in flight (docs/uplink.md).
 */
export const EventBatch = Type.Object(
  {
    v: V,
    session: Session,
    from: Type.Integer({ minimum: 1 }),
    to: Type.Integer({ minimum: 1 }),
    head: Seq('The station journal high-water mark when sent (for the backlog)'),
    events: Type.Array(UplinkEvent, { maxItems: MAX_BATCH_EVENTS }),
  },
  { additionalProperties: false },
)
export type EventBatch = Static<typeof EventBatch>

/** `up/state`, retained: online at connect; offline as the station's MQTT last will. */
export const StationState = Type.Object(
  {
    v: V,
    state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    session: Session,
  },
  { additionalProperties: false },
)
export type StationState = Static<typeof StationState>

/** `down/ack`: every seq up to `through` is committed in the district database. Sent only after COMMIT. */
export const Ack = Type.Object(
  { v: V, through: Seq('Committed through this seq') },
  { additionalProperties: false },
)
export type Ack = Static<typeof Ack>

/** `down/rebirth`: send a birth, then resend from `committed` + 1. */
export const Rebirth = Type.Object(
  {
    v: V,
    reason: Type.Union([Type.Literal('gap'), Type.Literal('no-birth'), Type.Literal('requested')]),
    committed: Seq('Committed through this seq (an ack as well)'),
  },
  { additionalProperties: false },
)
export type Rebirth = Static<typeof Rebirth>

/** The commands of `down/commands` (issue 12), each with its own version `cv`. */
export const AlertAcknowledgeCommand = Type.Object(
  {
    alertId: Id('The alert at the station'),
    by: Text(64, 'The district account that acknowledged it'),
    note: Type.Union([Text(500, 'Why, or what is being done'), Type.Null()]),
  },
  { additionalProperties: false },
)
export const NoticePublishCommand = Type.Object(
  {
    noticeId: Id('Id of the notice (the same at every station it goes to)'),
    title: Text(100, 'Title'),
    body: Text(2000, 'Text'),
    from: Type.Union([Day('First day shown'), Type.Null()]),
    until: Type.Union([Day('Last day shown'), Type.Null()]),
  },
  { additionalProperties: false },
)
export const COMMAND_TYPES = {
  'alert.acknowledge': { cv: 1, schema: AlertAcknowledgeCommand },
  'notice.publish': { cv: 1, schema: NoticePublishCommand },
} as const

/**
 * `down/commands`: durable at the central service until the station reports it (a `command.result` event);
 * re-sent after every birth until then, so a station applies a command once by `id`, however often it comes.
 */
export const Command = Type.Object(
  {
    v: V,
    id: Id('Command id (a UUID): the station applies each id once'),
    type: Type.Union(Object.keys(COMMAND_TYPES).map((k) => Type.Literal(k))),
    cv: Type.Integer({ minimum: 1, description: 'Version of the command type' }),
    at: Iso('When it was given'),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
)
export type Command = Static<typeof Command>
