import { Type } from 'typebox'

const DATE = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  errorMessage: 'expected a date, YYYY-MM-DD',
  description: 'A calendar day in China time, YYYY-MM-DD.',
})

export const DailyQuerySchema = Type.Object(
  {
    from: Type.Optional(DATE),
    to: Type.Optional(DATE),
  },
  { additionalProperties: false },
)

const Counts = Type.Record(Type.String(), Type.Integer())

export const DailySchema = Type.Object({
  days: Type.Array(
    Type.Object({
      date: Type.String({ description: 'China-time day, YYYY-MM-DD.' }),
      total: Type.Integer({ description: 'Visits counted that day (repeats are not).' }),
      byPlatform: Counts,
      byPurpose: Counts,
    }),
    { description: 'Every day of the range, oldest first; a day without visits has zeros.' },
  ),
})

export const ReportQuerySchema = Type.Object(
  {
    month: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
        errorMessage: 'expected a month, YYYY-MM',
        description: 'A calendar month in China time; default this month.',
      }),
    ),
  },
  { additionalProperties: false },
)
