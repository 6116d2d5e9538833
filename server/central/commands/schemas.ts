import { Type } from 'typebox'
import { STATION_ID_PATTERN } from '../../uplink/protocol.js'

const ClientId = (what: string) =>
  Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$',
    description: `A client-made id for the ${what} (e.g. d-<UUID>): the same request sent again answers what the first made`,
  })

export const AckParams = Type.Object(
  {
    id: Type.String({ pattern: STATION_ID_PATTERN }),
    alertId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
)

export const AckBody = Type.Object(
  {
    note: Type.Optional(
      Type.Union([Type.String({ maxLength: 500, description: 'Why, or what is being done' }), Type.Null()]),
    ),
    commandId: Type.Optional(ClientId('command')),
  },
  { additionalProperties: false },
)

export const CommandItem = Type.Object(
  {
    id: Type.String(),
    stationId: Type.String(),
    type: Type.String(),
    cv: Type.Integer(),
    data: Type.Object({}, { additionalProperties: true }),
    publicationId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    createdBy: Type.String(),
    sends: Type.Integer({ description: 'Times published to the station' }),
    sentAt: Type.Union([Type.String(), Type.Null()]),
    state: Type.Enum(['pending', 'ok', 'failed', 'expired'], {
      description:
        'pending: no result from the station yet; ok/failed: its command.result; expired: given up',
    }),
    resultAt: Type.Union([Type.String(), Type.Null()]),
    problem: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: 'expected a date, YYYY-MM-DD' })

export const PublishBody = Type.Object(
  {
    id: Type.Optional(ClientId('publication')),
    kind: Type.Enum(['notice', 'screening', 'job-fair'], {
      description: 'notice: on the kiosk notice board; screening: a free health screening; job-fair: 招聘会',
    }),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    body: Type.Optional(Type.String({ maxLength: 2000, description: 'A notice: its text' })),
    category: Type.Optional(Type.Enum(['jobs', 'legal', 'insurance', 'health', 'other'])),
    from: Type.Optional(Type.Union([Day, Type.Null()])),
    until: Type.Optional(Type.Union([Day, Type.Null()])),
    organiser: Type.Optional(Type.String({ maxLength: 200 })),
    place: Type.Optional(Type.String({ maxLength: 200 })),
    start: Type.Optional(Type.String({ format: 'date-time' })),
    end: Type.Optional(Type.String({ format: 'date-time' })),
    capacity: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000, description: 'Places at each station' }),
    ),
    stations: Type.Optional(Type.Array(Type.String({ pattern: STATION_ID_PATTERN }), { maxItems: 2000 })),
    streets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
)

export const PublicationItem = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    data: Type.Object({}, { additionalProperties: true }),
    target: Type.Object({ stations: Type.Array(Type.String()), streets: Type.Array(Type.String()) }),
    createdAt: Type.String(),
    createdBy: Type.String(),
    commands: Type.Array(CommandItem, { description: 'One per station (of your scope)' }),
    signups: Type.Optional(
      Type.Object(
        {
          signups: Type.Integer(),
          waiting: Type.Integer(),
          cancellations: Type.Integer(),
          promoted: Type.Integer(),
          places: Type.Integer({ description: 'Capacity × stations it reached' }),
        },
        { description: 'A screening or job fair: its sign-ups at the stations, as they counted them' },
      ),
    ),
  },
  { additionalProperties: false },
)
