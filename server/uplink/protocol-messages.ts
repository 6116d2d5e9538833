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

/**
 * The commands of `down/commands` (docs/uplink.md, "down/commands"), each with its own version `cv`. A station
 * applies each command `id` at most once and reports it with one `command.result` event; a command it has
 * applied before is answered with the same result again (it is not applied twice).
 */
export const AlertAcknowledgeCommand = Type.Object(
  {
    alertId: Id('The alert at the station'),
    by: Text(64, 'The district account that acknowledged it'),
    note: Type.Union([Text(500, 'Why, or what is being done'), Type.Null()]),
  },
  { additionalProperties: false },
)
export const NoticeCategory = Type.Union(
  [
    Type.Literal('jobs'),
    Type.Literal('legal'),
    Type.Literal('insurance'),
    Type.Literal('health'),
    Type.Literal('other'),
  ],
  {
    description: "The station notice board's categories (招聘 jobs, 法律 legal, 社保 insurance, 健康 health)",
  },
)
export const NoticePublishCommand = Type.Object(
  {
    noticeId: Id('Id of the notice (the same at every station it goes to)'),
    title: Text(100, 'Title'),
    body: Text(2000, 'Text'),
    from: Type.Union([Day('First day shown'), Type.Null()]),
    until: Type.Union([Day('Last day shown'), Type.Null()]),
    category: Type.Optional(NoticeCategory),
  },
  { additionalProperties: false },
)
/**
 * A health screening, or a job fair (such as 春风行动招聘会), put on the station's kiosk for sign-ups. Its
 * sign-ups go up as the usual `screening.signup` / `.cancel` / `.promoted` events with this `screeningId`,
 * so the district counts them per publication.
 */
export const ScreeningPublishCommand = Type.Object(
  {
    screeningId: Id('Id of the event (the same at every station it goes to)'),
    kind: Type.Union([Type.Literal('screening'), Type.Literal('job-fair')], {
      description: 'screening: a free health screening; job-fair: a job fair (招聘会)',
    }),
    title: Text(200, 'Title, as on the kiosk'),
    organiser: Text(200, 'Who runs it'),
    place: Text(200, 'Where'),
    start: Iso('When it starts'),
    end: Iso('When it ends'),
    capacity: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Places at this station' }),
  },
  { additionalProperties: false },
)
export const COMMAND_TYPES = {
  'alert.acknowledge': { cv: 1, schema: AlertAcknowledgeCommand },
  'notice.publish': { cv: 1, schema: NoticePublishCommand },
  'screening.publish': { cv: 1, schema: ScreeningPublishCommand },
} as const
export type CommandType = keyof typeof COMMAND_TYPES
export type CommandData<T extends CommandType> = Static<(typeof COMMAND_TYPES)[T]['schema']>

/**
 * `down/commands`: durable at the central service until the station reports it (a `command.result` event);
 * re-sent after every birth until then, so a station applies a command once by `id`, however often it comes.
 */
export const Command = Type.Object(
  {
    v: V,
    id: Id('Command id (a UUID): the station applies each id once'),
    type: Type.Union([
      Type.Literal('alert.acknowledge'),
      Type.Literal('notice.publish'),
      Type.Literal('screening.publish'),
    ]),
    cv: Type.Integer({ minimum: 1, description: 'Version of the command type' }),
    at: Iso('When it was given'),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
)
export type Command = Static<typeof Command>
