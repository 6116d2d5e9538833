import { Type } from 'typebox'
import { PhoneSchema } from '../privacy/phone.js'
import { NAME_MESSAGE, NAME_PATTERN } from './name.js'

const Iso = (description: string) => Type.String({ format: 'date-time', description })

export const ScreeningParams = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', errorMessage: 'expected a screening id' }),
})

export const SignupParams = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', errorMessage: 'expected a screening id' }),
  code: Type.String({ pattern: '^[0-9]{6}$', errorMessage: 'expected the 6-digit code given at sign-up' }),
})

export const SignupBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 40,
      pattern: NAME_PATTERN,
      errorMessage: NAME_MESSAGE,
      description: 'How the organiser addresses the person: 1–20 letters, spaces, ·, . or - (trimmed).',
    }),
    phone: PhoneSchema,
    consent: Type.Optional(
      Type.Boolean({
        description:
          'The person agreed that name and phone are kept to contact them about this health screening. Must be true.',
      }),
    ),
  },
  { additionalProperties: false },
)

/** `phone`: the number the sign-up was made with. */
export const CancelBody = Type.Object({ phone: PhoneSchema }, { additionalProperties: false })

/** A lost code: the number and the name the sign-up was made with. */
export const CancelByNameBody = Type.Object(
  {
    phone: PhoneSchema,
    name: Type.String({
      minLength: 1,
      maxLength: 40,
      pattern: NAME_PATTERN,
      errorMessage: NAME_MESSAGE,
      description: 'The name given at sign-up (compared in any spacing and letter case).',
    }),
  },
  { additionalProperties: false },
)

export const ScreeningSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  organiser: Type.String(),
  start: Iso('Start.'),
  end: Iso('End.'),
  place: Type.String(),
  capacity: Type.Integer(),
  seatsLeft: Type.Integer({
    description: 'Places not yet taken; 0 means new sign-ups join the waiting list.',
  }),
  waitlist: Type.Integer({ description: 'People on the waiting list.' }),
  en: Type.Optional(
    Type.Object(
      {
        title: Type.String(),
        organiser: Type.Optional(Type.String()),
        place: Type.Optional(Type.String()),
      },
      { description: 'Title, organiser and place in English, when given (the kiosk’s English mode).' },
    ),
  ),
})

export const ScreeningListSchema = Type.Object({ screenings: Type.Array(ScreeningSchema) })

export const SignupResultSchema = Type.Object({
  status: Type.Enum(['confirmed', 'waitlisted']),
  code: Type.String({ description: 'Six digits: shown once, needed to cancel.' }),
  position: Type.Optional(Type.Integer({ description: 'waitlisted: place on the waiting list, from 1.' })),
  screening: Type.Object({
    id: Type.String(),
    title: Type.String(),
    start: Iso('Start.'),
    place: Type.String(),
  }),
})

export const CancelResultSchema = Type.Object({
  cancelled: Type.Literal(true),
  promoted: Type.Boolean({
    description: 'A confirmed place was freed and the first on the waiting list got it.',
  }),
})
