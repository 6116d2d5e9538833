import { Type } from 'typebox'
import { Day, Iso, Nullable } from '../schema-parts.js'

/** The cold-chain routes' answers, for the OpenAPI document at /docs (extra properties pass through). */
const open = { additionalProperties: true }

export const ExcursionSchema = Type.Object(
  {
    id: Type.String({ description: 'The alert that recorded it.' }),
    type: Type.Enum(['temperature-high', 'temperature-low']),
    start: Iso('When the temperature left its range.'),
    end: Nullable(Iso('When it came back; null while it lasts.')),
    peak: Nullable(Type.Number({ description: 'The worst temperature, °C.' })),
    durationMin: Type.Number({ description: 'Minutes out of range (until now while it lasts).' }),
    action: Nullable(Type.String({ description: 'The corrective action written down.' })),
    actionBy: Nullable(Type.String()),
  },
  open,
)

export const ColdChainRecord = Type.Object(
  {
    deviceId: Type.String(),
    name: Type.String(),
    profile: Type.Enum(['food', 'medicine'], {
      description: 'What the fridge keeps, so the range it is held to.',
    }),
    days: Type.Array(
      Type.Object(
        {
          date: Day('A China-time day.'),
          min: Nullable(Type.Number({ description: '°C' })),
          max: Nullable(Type.Number({ description: '°C' })),
          readings: Type.Integer(),
        },
        open,
      ),
      { description: 'Every day of the range, oldest first; min and max are null on a day with no reading.' },
    ),
    excursions: Type.Array(ExcursionSchema),
  },
  open,
)

export const ActionAnswer = Type.Object({ excursion: ExcursionSchema }, open)
