/**
 * The events a station sends up (docs/uplink.md, "Event types"): figures only, nothing personal. Each type
 * has a version `v`; a payload's shape is fixed for a (type, v) pair, and a change of shape is a new v.
 * Pure: TypeBox schemas and the types derived from them, no I/O (the station and the central service both
 * import this file).
 */
import { type Static, type TSchema, Type } from 'typebox'

export const Id = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$', description })
export const Text = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, description })
export const Day = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` })
export const Iso = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description })
const Count = (description: string) => Type.Integer({ minimum: 0, description })
const NullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description })
const NullableIso = (description: string) => Type.Union([Iso(description), Type.Null()])

/** One counted check-in (a repeat within the station's repeat window is not one). No phone, in any form. */
export const CheckinData = Type.Object(
  {
    day: Day('The station-time calendar day of the check-in'),
    platform: Id('Platform id (meituan, eleme, …) as configured at the station'),
    purposes: Type.Array(Id('Purpose id'), { maxItems: 16, description: 'Purpose ids' }),
    returning: Type.Boolean({ description: 'The courier had checked in at this station before' }),
  },
  { additionalProperties: false },
)

const ScreeningFields = {
  screeningId: Id('The screening at the station'),
  title: Text(200, 'Its title, as on the kiosk'),
  day: Day('The station-time day the change happened'),
}

/** A place taken (`status` confirmed, or waiting when the screening is full). No name, no code, no phone. */
export const ScreeningSignupData = Type.Object(
  {
    ...ScreeningFields,
    status: Type.Union([Type.Literal('confirmed'), Type.Literal('waiting')], { description: 'Place status' }),
  },
  { additionalProperties: false },
)

/** A place given back by the person (`status` is what the place was). */
export const ScreeningCancelData = ScreeningSignupData

/** A waiting-list place that became a confirmed one. */
export const ScreeningPromotedData = Type.Object({ ...ScreeningFields }, { additionalProperties: false })

/** A courier asked for help at the kiosk. No phone. */
export const HelpData = Type.Object(
  {
    day: Day('The station-time day'),
    reason: Id('unwell, injured, phone-dead, other'),
  },
  { additionalProperties: false },
)

export const Reading = Type.Object(
  {
    temperature: Type.Optional(Type.Number({ description: '°C' })),
    contact: Type.Optional(Type.Boolean({ description: 'true: closed' })),
    count: Type.Optional(Type.Integer({ minimum: 0, description: 'Items in a compartment' })),
    weight: Type.Optional(Type.Number({ description: 'Grams' })),
  },
  { additionalProperties: false },
)

/** A device's latest state (also the shape of `devices` in a birth). Rate-limited by the station. */
export const DeviceStateData = Type.Object(
  {
    deviceId: Id('Device id at the station'),
    kind: Id('temperature, door, stock, …'),
    name: Text(100, 'What the station calls it'),
    online: Type.Boolean(),
    lastSeen: NullableIso('Last message from the device'),
    reading: Type.Union([Reading, Type.Null()]),
    battery: NullableNumber('Battery %'),
  },
  { additionalProperties: false },
)

export const Severity = Type.Union(
  [Type.Literal('critical'), Type.Literal('major'), Type.Literal('minor'), Type.Literal('warning')],
  { description: 'critical, major, minor, warning' },
)

/**
 * An alert as the district sees it: the station's alert without its personal context (no `context`, no
 * account names). Sent whole on every change, so the last one by seq is the alert's state.
 */
export const AlertData = Type.Object(
  {
    alertId: Id('The alert id at the station'),
    type: Id('temperature-high, door-open, stock-low, help, …'),
    severity: Severity,
    state: Type.Union([Type.Literal('active'), Type.Literal('acknowledged'), Type.Literal('cleared')]),
    subject: Id('Device id, stock item id or help request id'),
    subjectName: Text(200, 'What a person calls the subject (for help: the reason)'),
    since: Iso('When the condition began'),
    raisedAt: Iso('When the alert was raised'),
    count: Type.Integer({ minimum: 1, description: 'Times seen while open' }),
    value: NullableNumber('Latest value (°C, items, %)'),
    peak: NullableNumber('Worst value while open'),
    ackAt: NullableIso('When acknowledged'),
    ackFrom: Type.Union([Type.Literal('station'), Type.Literal('district'), Type.Null()], {
      description: 'Where it was acknowledged: on the station console or from the district',
    }),
    clearedAt: NullableIso('When cleared'),
    clearedAuto: Type.Union([Type.Boolean(), Type.Null()], {
      description: 'true: the condition recovered by itself; false: resolved by hand; null: open',
    }),
  },
  { additionalProperties: false },
)

/** A stock item's level (also the shape of `stock` in a birth). */
export const StockLevelData = Type.Object(
  {
    itemId: Id('Stock item id'),
    name: Text(100, 'Item name'),
    unit: Text(16, '盒, 片, 瓶…'),
    count: Count('Items the manager should believe are there'),
    min: Count('At or below this it needs restocking'),
    target: Count('How many the box holds when full'),
    needsRestock: Type.Boolean(),
    nextExpiry: Type.Union([Day('Earliest expiry of a batch'), Type.Null()]),
  },
  { additionalProperties: false },
)

export const StockRemovedData = Type.Object({ itemId: Id('Stock item id') }, { additionalProperties: false })

/** A batch put in the medicine box (the station's own `stock.restock`), without who did it. */
export const StockRestockedData = Type.Object(
  {
    itemId: Id('Stock item id'),
    name: Text(100, 'Item name'),
    day: Day('The station-time day'),
    quantity: Type.Integer({ minimum: 1, description: 'Items put in' }),
  },
  { additionalProperties: false },
)

/** A fridge's daily minimum and maximum; re-sent as the day goes on, the last by seq counts. */
export const ColdChainDayData = Type.Object(
  {
    deviceId: Id('The thermometer'),
    day: Day('Station-time day'),
    min: NullableNumber('°C'),
    max: NullableNumber('°C'),
    readings: Count('Readings that day'),
  },
  { additionalProperties: false },
)

/** A temperature excursion (from when the temperature left its range to when it came back). */
export const ColdChainExcursionData = Type.Object(
  {
    excursionId: Id('The temperature alert it belongs to'),
    deviceId: Id('The thermometer'),
    type: Type.Union([Type.Literal('temperature-high'), Type.Literal('temperature-low')]),
    start: Iso('When it left its range'),
    end: NullableIso('When it came back; null while it lasts'),
    peak: NullableNumber('°C'),
    durationMin: Count('Minutes so far'),
  },
  { additionalProperties: false },
)

/** Reserved for the charging lockers (issue 13): rentals and faults per day. */
export const LockerDayData = Type.Object(
  { day: Day('Station-time day'), rentals: Count('Rentals started'), faults: Count('Faults seen') },
  { additionalProperties: false },
)

/** Reserved for the charging lockers (issue 13): a locker's fault. */
export const LockerFaultData = Type.Object(
  { lockerId: Id('Locker id'), fault: Id('jammed, door-forced, power, …') },
  { additionalProperties: false },
)

/**
 * What became of a command from the district (down/commands), once, by command id. `problem` starts with
 * one of the codes of docs/uplink.md ("down/commands": not-found, not-open, unknown-type, invalid, refused).
 */
export const CommandResultData = Type.Object(
  {
    commandId: Id('The command'),
    ok: Type.Boolean(),
    problem: Type.Union([Text(500, 'Why it could not be applied: a code, then words'), Type.Null()]),
  },
  { additionalProperties: false },
)

/** Every event type the protocol knows, with its current version and payload schema. */
export const EVENT_TYPES = {
  checkin: { v: 1, schema: CheckinData },
  'screening.signup': { v: 1, schema: ScreeningSignupData },
  'screening.cancel': { v: 1, schema: ScreeningCancelData },
  'screening.promoted': { v: 1, schema: ScreeningPromotedData },
  help: { v: 1, schema: HelpData },
  'device.state': { v: 1, schema: DeviceStateData },
  'alert.raised': { v: 1, schema: AlertData },
  'alert.acknowledged': { v: 1, schema: AlertData },
  'alert.cleared': { v: 1, schema: AlertData },
  'stock.level': { v: 1, schema: StockLevelData },
  'stock.removed': { v: 1, schema: StockRemovedData },
  'stock.restocked': { v: 1, schema: StockRestockedData },
  'coldchain.day': { v: 1, schema: ColdChainDayData },
  'coldchain.excursion': { v: 1, schema: ColdChainExcursionData },
  'locker.day': { v: 1, schema: LockerDayData },
  'locker.fault': { v: 1, schema: LockerFaultData },
  'command.result': { v: 1, schema: CommandResultData },
} as const satisfies Record<string, { v: number; schema: TSchema }>

export type EventType = keyof typeof EVENT_TYPES
export type EventData<T extends EventType> = Static<(typeof EVENT_TYPES)[T]['schema']>
export type CheckinData = Static<typeof CheckinData>
export type ScreeningSignupData = Static<typeof ScreeningSignupData>
export type HelpData = Static<typeof HelpData>
export type DeviceStateData = Static<typeof DeviceStateData>
export type AlertData = Static<typeof AlertData>
export type StockLevelData = Static<typeof StockLevelData>
export type StockRestockedData = Static<typeof StockRestockedData>
export type CommandResultData = Static<typeof CommandResultData>
export type ColdChainDayData = Static<typeof ColdChainDayData>
export type ColdChainExcursionData = Static<typeof ColdChainExcursionData>
