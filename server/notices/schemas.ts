import { Type } from 'typebox'

const CATEGORY = Type.Enum(['jobs', 'legal', 'insurance', 'health', 'other'], {
  description: 'jobs (招聘), legal (法律援助), insurance (社保), health (健康), other.',
})

const NoticeFields = {
  id: Type.String(),
  category: CATEGORY,
  title: Type.String(),
  body: Type.String(),
  until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Hidden after this time; null: shown until removed.',
  }),
  en: Type.Optional(
    Type.Object(
      { title: Type.String(), body: Type.Optional(Type.String()) },
      { description: 'The notice in English, when one was given (the kiosk’s English mode).' },
    ),
  ),
}

/** The kiosk's list: the notices in force. */
export const NoticesSchema = Type.Object({ notices: Type.Array(Type.Object(NoticeFields)) })

const ManagedNotice = Type.Object({
  ...NoticeFields,
  expired: Type.Boolean({ description: '`until` has passed: the kiosk no longer shows it.' }),
})

export const ManagedNoticesSchema = Type.Object({ notices: Type.Array(ManagedNotice) })
export const ManagedNoticeSchema = Type.Object({ notice: ManagedNotice })

export const NoticeParams = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', errorMessage: 'expected a notice id' }),
})

const UNTIL = 'expected an ISO 8601 time with its offset, or null'

/** What a manager gives (POST and PUT); limits as in the station config. */
export const NoticeBody = Type.Object(
  {
    category: CATEGORY,
    title: Type.String({
      minLength: 1,
      maxLength: 60,
      errorMessage: 'expected 1–60 characters',
      description: 'Headline shown on the kiosk.',
    }),
    body: Type.String({
      maxLength: 500,
      errorMessage: 'expected at most 500 characters',
      description: 'A few lines: who, where, how to get in touch.',
    }),
    until: Type.Optional(
      Type.Union([Type.String({ format: 'date-time', errorMessage: UNTIL }), Type.Null()], {
        errorMessage: UNTIL,
        description: 'Hidden after this time. Left out or null: shown until expired by hand.',
      }),
    ),
    en: Type.Optional(
      Type.Object(
        {
          title: Type.String({ minLength: 1, maxLength: 80, errorMessage: 'expected 1–80 characters' }),
          body: Type.Optional(
            Type.String({ maxLength: 700, errorMessage: 'expected at most 700 characters' }),
          ),
        },
        {
          additionalProperties: false,
          description:
            'The notice in English for the kiosk’s English mode. A change that leaves it out removes it (it translated the old text).',
        },
      ),
    ),
  },
  { additionalProperties: false },
)
