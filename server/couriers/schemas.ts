import { Type } from 'typebox'
import type { Config } from '../config/schema.js'
import { PhoneSchema } from '../privacy/phone.js'

const Iso = (description: string) => Type.String({ format: 'date-time', description })

/** Request bodies: platform and purpose ids are the configured ones, so a typo is a 400 naming the field. */
export function checkinSchemas(config: Config) {
  const platforms = config.kiosk.platforms.map((p) => p.id)
  const purposes = config.kiosk.purposes.map((p) => p.id)
  const CheckinBody = Type.Object(
    {
      phone: PhoneSchema,
      platform: Type.Enum(platforms, { description: 'A configured platform id (GET /api/kiosk).' }),
      purposes: Type.Array(Type.Enum(purposes), {
        minItems: 1,
        maxItems: purposes.length,
        uniqueItems: true,
        description: 'One or more configured purpose ids, each once.',
      }),
    },
    { additionalProperties: false },
  )
  const LookupBody = Type.Object({ phone: PhoneSchema }, { additionalProperties: false })
  return { CheckinBody, LookupBody }
}

export const VisitSchema = Type.Object(
  {
    id: Type.String(),
    at: Iso('When the visit was counted.'),
    platform: Type.String(),
    purposes: Type.Array(Type.String()),
    phoneMasked: Type.String({ description: 'e.g. 138****1234' }),
    visitsThisMonth: Type.Integer({
      description: 'Visits by this phone in the calendar month (China time), this one included.',
    }),
    returning: Type.Boolean({ description: 'The phone had visited before.' }),
    repeat: Type.Boolean({
      description:
        'A check-in within kiosk.checkinRepeatMin of the last one: the same visit, not counted again.',
    }),
  },
  { $id: 'Visit' },
)

export const LookupSchema = Type.Object({
  known: Type.Boolean({ description: 'The phone has checked in here before.' }),
  platform: Type.Union([Type.String(), Type.Null()], { description: 'Platform of the last visit.' }),
  purposes: Type.Array(Type.String(), {
    description: 'Purposes of the last visit (empty for a new phone): the kiosk offers "same as last time".',
  }),
  visitsThisMonth: Type.Integer({ description: 'Visits this calendar month (station time) so far.' }),
  repeat: Type.Boolean({
    description:
      'A check-in now would be the same visit as the last one (within kiosk.checkinRepeatMin): it would not count again, and visitsThisMonth already includes it.',
  }),
})

export const StatsQuerySchema = Type.Object(
  {
    period: Type.Optional(
      Type.Enum(['day', 'week', 'month'], {
        description: 'Today, this week (from Monday) or this month, in China time. Default day.',
      }),
    ),
  },
  { additionalProperties: false },
)

const Counts = Type.Record(Type.String(), Type.Integer())

export const StatsSchema = Type.Object({
  period: Type.Enum(['day', 'week', 'month']),
  from: Iso('Start of the period.'),
  to: Iso('End of the period (exclusive).'),
  total: Type.Integer({ description: 'Visits counted (repeats within the window are not).' }),
  byPlatform: Counts,
  byPurpose: Counts,
})
