import { Type } from 'typebox'
import { Iso, Nullable } from '../schema-parts.js'

const Kind = Type.Enum(['temperature', 'door', 'stock'])

export const ReadingSchema = Type.Object(
  {
    at: Iso('When the hub accepted the reading.'),
    temperature: Type.Optional(Type.Number({ description: '°C, calibration applied.' })),
    contact: Type.Optional(Type.Boolean({ description: 'true means the door is closed.' })),
    count: Type.Optional(Type.Integer({ description: 'Items in the compartment.' })),
    weight: Type.Optional(Type.Number({ description: 'Grams on the scale.' })),
  },
  { $id: 'Reading' },
)

export const DeviceStateSchema = Type.Object(
  {
    id: Type.String(),
    kind: Kind,
    name: Type.String(),
    en: Type.Optional(
      Type.Object(
        { name: Type.String() },
        { description: 'The name in English, when the config gives one.' },
      ),
    ),
    online: Type.Boolean({ description: 'Reported online and not silent past its timeout.' }),
    lastSeen: Nullable(Iso('Last accepted message.')),
    reading: Nullable(Type.Ref('Reading')),
    okRange: Type.Optional(
      Type.Object(
        { min: Nullable(Type.Number()), max: Nullable(Type.Number()) },
        { description: 'Temperature devices: the range (°C) in which the fridge is fine, from its profile.' },
      ),
    ),
    battery: Nullable(Type.Number()),
    batteryLow: Type.Boolean(),
    rejected: Type.Integer({ description: 'Messages rejected as invalid since the hub started.' }),
    lastError: Type.Union([Type.String(), Type.Null()], {
      description: 'Why the last message was rejected.',
    }),
  },
  { $id: 'DeviceState' },
)

export const UnregisteredSchema = Type.Object(
  {
    id: Type.String(),
    firstSeen: Iso('First message.'),
    lastSeen: Iso('Latest message.'),
    messages: Type.Integer(),
    guessedKind: Nullable(Kind),
  },
  { $id: 'UnregisteredDevice' },
)

export const StateSchema = Type.Object(
  {
    station: Type.Object({ id: Type.String(), name: Type.String() }),
    devices: Type.Array(Type.Ref('DeviceState')),
    unregistered: Type.Array(Type.Ref('UnregisteredDevice'), {
      description: 'Device ids seen on native topics that the config does not list (capped).',
    }),
  },
  { $id: 'State' },
)

export const HistoryQuerySchema = Type.Object({
  from: Type.Optional(
    Type.String({
      description: 'Start: ISO 8601 time or milliseconds since 1970. Default: 24 h before `to`.',
    }),
  ),
  to: Type.Optional(
    Type.String({ description: 'End: ISO 8601 time or milliseconds since 1970. Default: now.' }),
  ),
})

export const HistorySchema = Type.Object({
  id: Type.String(),
  kind: Kind,
  from: Iso('Start of the range.'),
  to: Iso('End of the range.'),
  points: Type.Array(
    Type.Object({
      t: Type.Number({ description: 'Milliseconds since 1970.' }),
      v: Type.Number({
        description: '°C, 1/0 for closed/open, or the count; the average for downsampled points.',
      }),
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number()),
      n: Type.Optional(Type.Integer({ description: 'Readings in a downsampled bucket.' })),
    }),
  ),
})
