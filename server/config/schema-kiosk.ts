import { Type } from 'typebox'
import { English, EnText } from './schema-english.js'
import { Id } from './schema-id.js'

/** The station config's parts for the courier kiosk (issue #3): kiosk settings, screenings, notices. */

const Choice = (what: string) =>
  Type.Object(
    {
      id: Type.String({
        pattern: '^[a-z0-9-]{1,32}$',
        description: `Stable id of the ${what}, used in statistics.`,
      }),
      zh: Type.String({ minLength: 1, maxLength: 16, description: 'Label in Simplified Chinese.' }),
      en: Type.String({ minLength: 1, maxLength: 24, description: 'Label in English.' }),
    },
    { additionalProperties: false },
  )

export const KioskSchema = Type.Object(
  {
    idleResetSec: Type.Integer({
      minimum: 10,
      maximum: 3600,
      description: 'Seconds without a touch after which any screen returns home and forgets what was typed.',
    }),
    confirmReturnSec: Type.Integer({
      minimum: 2,
      maximum: 60,
      description: 'Seconds a confirmation screen stays before returning home by itself.',
    }),
    platforms: Type.Array(Choice('platform'), {
      minItems: 1,
      maxItems: 16,
      description: 'Delivery platforms a courier picks from at check-in (美团, 饿了么, …).',
    }),
    purposes: Type.Array(Choice('purpose'), {
      minItems: 1,
      maxItems: 16,
      description: 'Why a courier came in; several may be picked at check-in.',
    }),
    checkinRepeatMin: Type.Integer({
      minimum: 1,
      maximum: 240,
      description: 'A second check-in by the same phone within this many minutes is the same visit.',
    }),
    rateLimitPerMin: Type.Integer({
      minimum: 1,
      maximum: 10_000_000,
      description: 'Kiosk write requests (check-in, sign-up, help) allowed per client address per minute.',
    }),
  },
  { additionalProperties: false, description: 'The courier touchscreen.' },
)

export const ScreeningSchema = Type.Object(
  {
    id: Id('Screening event id.'),
    title: Type.String({
      minLength: 1,
      maxLength: 60,
      description: 'What is offered, e.g. 免费体检（血压、血糖）.',
    }),
    organiser: Type.String({ minLength: 1, maxLength: 60, description: 'Who runs it, e.g. 宁夏妇幼保健院.' }),
    start: Type.String({
      format: 'date-time',
      description: 'Start, ISO 8601 with offset, e.g. 2026-12-03T09:00:00+08:00.',
    }),
    end: Type.String({ format: 'date-time', description: 'End, ISO 8601 with offset.' }),
    place: Type.String({ minLength: 1, maxLength: 80, description: 'Where couriers go.' }),
    capacity: Type.Integer({
      minimum: 1,
      maximum: 10000,
      description: 'Places; sign-ups past it join a waiting list.',
    }),
    en: English(
      {
        title: EnText(80, 'What is offered, in English, e.g. Free check-up (blood pressure, blood sugar).'),
        organiser: Type.Optional(EnText(80, 'Who runs it, in English.')),
        place: Type.Optional(EnText(100, 'Where couriers go, in English.')),
      },
      'the screening’s title, organiser and place',
    ),
  },
  { additionalProperties: false },
)

export const NoticeSchema = Type.Object(
  {
    id: Id('Notice id.'),
    category: Type.Enum(['jobs', 'legal', 'insurance', 'health', 'other'], {
      description: 'jobs (招聘), legal (法律援助), insurance (社保), health (健康), other.',
    }),
    title: Type.String({ minLength: 1, maxLength: 60, description: 'Headline shown on the kiosk.' }),
    body: Type.String({ maxLength: 500, description: 'A few lines: who, where, how to get in touch.' }),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'Hidden after this time.' })),
    en: English(
      {
        title: EnText(80, 'The headline in English.'),
        body: Type.Optional(Type.String({ maxLength: 700, description: 'The lines under it, in English.' })),
      },
      'the notice',
    ),
  },
  { additionalProperties: false },
)
