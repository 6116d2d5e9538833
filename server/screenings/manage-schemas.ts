import { Type } from 'typebox'
import { ScreeningSchema } from './schemas.js'

const TIME = 'expected an ISO 8601 time with its offset, e.g. 2026-12-03T09:00:00+08:00'
const text = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, errorMessage: `expected 1–${max} characters`, description })

/** What a manager gives for an event (POST and PUT); the id is the hub's. Limits as in the station config. */
export const ScreeningBody = Type.Object(
  {
    title: text(60, 'What is offered, e.g. 免费体检（血压、血糖）.'),
    organiser: text(60, 'Who runs it, e.g. 宁夏妇幼保健院.'),
    start: Type.String({ format: 'date-time', errorMessage: TIME, description: 'Start.' }),
    end: Type.String({
      format: 'date-time',
      errorMessage: TIME,
      description: 'End: after start, still ahead.',
    }),
    place: text(80, 'Where couriers go.'),
    capacity: Type.Integer({
      minimum: 1,
      maximum: 10000,
      description: 'Places; sign-ups past it join the waiting list. An edit may not go below the confirmed.',
    }),
    en: Type.Optional(
      Type.Object(
        {
          title: text(80, 'What is offered, in English.'),
          organiser: Type.Optional(text(80, 'Who runs it, in English.')),
          place: Type.Optional(text(100, 'Where couriers go, in English.')),
        },
        {
          additionalProperties: false,
          description:
            'Title, organiser and place in English, for the kiosk’s English mode. An edit that leaves it out removes it (it translated the old text).',
        },
      ),
    ),
  },
  { additionalProperties: false },
)

export const SignupViewSchema = Type.Object({
  code: Type.String({ description: 'The 6-digit code given at sign-up.' }),
  status: Type.Enum(['confirmed', 'waitlisted', 'cancelled']),
  position: Type.Union([Type.Integer(), Type.Null()], { description: 'waitlisted: place in line, from 1.' }),
  name: Type.Union([Type.String(), Type.Null()], {
    description:
      'null once the contact details are deleted (given up, or privacy.screeningContactDays after the end).',
  }),
  phoneMasked: Type.String({ description: 'e.g. 138****1234' }),
  at: Type.String({ format: 'date-time', description: 'When the sign-up was made.' }),
})

export const ManagedScreeningSchema = Type.Object({
  ...ScreeningSchema.properties,
  cancelled: Type.Boolean({ description: 'Called off: kept, hidden from the kiosk, closed to sign-ups.' }),
  signups: Type.Array(SignupViewSchema, {
    description: 'Confirmed in the order given, then the waiting list in order, then those given up.',
  }),
})

export const ManagedListSchema = Type.Object({ screenings: Type.Array(ManagedScreeningSchema) })
export const ManagedOneSchema = Type.Object({ screening: ManagedScreeningSchema })
