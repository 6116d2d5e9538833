import { Type } from 'typebox'
import { Figures, STATION_ID_PATTERN } from '../uplink/protocol.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const Iso = (description: string) => Nullable(Type.String({ format: 'date-time', description }))

export const StationIdParams = Type.Object(
  { id: Type.String({ pattern: STATION_ID_PATTERN, description: 'Station id' }) },
  { additionalProperties: false },
)

export const StationSummary = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    street: Type.String({ description: '街道' }),
    community: Type.String({ description: '社区' }),
    timeZone: Type.String({ description: 'Its days and months are counted in this zone' }),
    online: Type.Boolean({
      description: 'Connected now (its retained state, its last will when it went dark)',
    }),
    lastSeen: Iso('Last message of any kind'),
    stateAt: Iso('When it last went online or offline'),
    lastBirth: Iso('Its last birth (full picture)'),
    revoked: Type.Boolean({ description: 'Its uplink login is revoked: what it sends is refused' }),
    committed: Type.Integer({ description: 'Journal seq stored through' }),
    head: Type.Integer({ description: 'Its journal high-water mark, as last reported' }),
    backlog: Type.Integer({ description: 'Journal entries not yet stored here (head - committed)' }),
    openAlerts: Type.Object({
      total: Type.Integer(),
      critical: Type.Integer(),
      major: Type.Integer(),
      minor: Type.Integer(),
      warning: Type.Integer(),
    }),
    devices: Type.Object({ total: Type.Integer(), offline: Type.Integer() }),
    restockNeeded: Type.Integer({ description: 'Stock items at or below their minimum' }),
    fridge: Type.Union(
      [
        Type.Object({
          temperature: Type.Union([Type.Number(), Type.Null()], { description: 'The warmest, °C' }),
          offline: Type.Boolean({ description: 'A temperature sensor is offline' }),
          alert: Type.Boolean({ description: 'A temperature alert is open' }),
        }),
        Type.Null(),
      ],
      { description: 'Its fridges (temperature devices); null when it has none' },
    ),
    today: Type.Object({
      day: Type.String({ description: 'Today at the station (YYYY-MM-DD)' }),
      checkins: Type.Integer(),
      help: Type.Integer(),
    }),
  },
  { additionalProperties: true },
)

export const StationsReply = Type.Object({ stations: Type.Array(StationSummary) })

export const FiguresQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Enum(['day', 'week', 'month'], { description: 'Default day. Weeks start on Monday.' }),
    ),
    date: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        errorMessage: 'expected a date, YYYY-MM-DD',
        description: 'A day inside the period (default today, at each station)',
      }),
    ),
  },
  { additionalProperties: false },
)

export const DistrictFiguresQuery = Type.Object(
  {
    ...FiguresQuery.properties,
    street: Type.Optional(Type.String({ maxLength: 100, description: 'Only the stations of this street' })),
    community: Type.Optional(Type.String({ maxLength: 100, description: 'Only those of this community' })),
  },
  { additionalProperties: false },
)

export const FiguresReply = Type.Object(
  {
    period: Type.Enum(['day', 'week', 'month']),
    from: Type.String({ description: 'First day of the period (station time)' }),
    to: Type.String({ description: 'Last day, included' }),
    stations: Type.Integer({ description: 'Stations summed' }),
    checkins: Figures.properties.checkins,
    screenings: Type.Object({
      ...Figures.properties.screenings.properties,
      byScreening: Type.Array(
        Type.Object({
          stationId: Type.String(),
          screeningId: Type.String(),
          title: Type.String(),
          signups: Type.Integer(),
          cancellations: Type.Integer(),
          promoted: Type.Integer(),
        }),
      ),
    }),
    help: Figures.properties.help,
  },
  { additionalProperties: true },
)

export const AlertsQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Enum(['open', 'all'], { description: 'open (default): active or acknowledged' }),
    ),
    station: Type.Optional(Type.String({ pattern: STATION_ID_PATTERN })),
    street: Type.Optional(Type.String({ maxLength: 100, description: 'Only the stations of this street' })),
    type: Type.Optional(
      Type.String({ maxLength: 64, description: 'temperature-high, door-open, stock-low, help, …' }),
    ),
    escalated: Type.Optional(
      Type.Boolean({ description: 'true: only escalated ones; false: only the others' }),
    ),
    severity: Type.Optional(Type.Enum(['critical', 'major', 'minor', 'warning'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Default 200' })),
  },
  { additionalProperties: false },
)

export const AlertItem = Type.Object(
  {
    stationId: Type.String(),
    stationName: Type.String(),
    street: Type.String(),
    community: Type.String(),
    alertId: Type.String(),
    type: Type.String(),
    severity: Type.String(),
    state: Type.String(),
    subject: Type.String(),
    subjectName: Type.String(),
    since: Type.String(),
    raisedAt: Type.String(),
    count: Type.Integer(),
    value: Type.Union([Type.Number(), Type.Null()]),
    peak: Type.Union([Type.Number(), Type.Null()]),
    ackAt: Iso('When acknowledged'),
    ackFrom: Nullable(Type.String()),
    clearedAt: Iso('When cleared'),
    clearedAuto: Type.Union([Type.Boolean(), Type.Null()]),
    escalatedAt: Iso('When the district escalated it (left unacknowledged at its station)'),
    districtAck: Type.Union([
      Type.Object({
        by: Type.String({ description: 'The district account' }),
        note: Nullable(Type.String()),
        at: Type.String({ format: 'date-time' }),
        state: Type.String({ description: 'pending (sent, not yet applied), ok, failed, expired' }),
      }),
      Type.Null(),
    ]),
  },
  { additionalProperties: true },
)

export const AlertsReply = Type.Object({ alerts: Type.Array(AlertItem) })

export const StationDetailReply = Type.Object(
  {
    station: StationSummary,
    devices: Type.Array(Type.Object({}, { additionalProperties: true })),
    alerts: Type.Array(AlertItem),
    stock: Type.Array(Type.Object({}, { additionalProperties: true })),
    today: FiguresReply,
    reported: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
      description: 'What its last birth said: name, time zone, software, and today as the station counts it',
    }),
    coldChain: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: true },
)

export const NewStationBody = Type.Object(
  {
    id: Type.String({ pattern: STATION_ID_PATTERN, description: 'Also its uplink username' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    street: Type.Optional(Type.String({ maxLength: 100 })),
    community: Type.Optional(Type.String({ maxLength: 100 })),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
)

export const CredentialsReply = Type.Object({
  station: Type.Object({}, { additionalProperties: true }),
  uplink: Type.Object({
    username: Type.String(),
    password: Type.String({ description: 'Shown once; stored only hashed' }),
  }),
})
