import { type Static, Type } from 'typebox'
import { defineEvents, event, HASH_PATTERN } from '../store/event-kit.js'
import type { PlaceStatus, ScreeningDef } from './book.js'

/**
 * The screening events of the journal. They hold hashes and masked phones only, never a name or a number.
 * `screening.cancel` is a person giving up a place; `screening.cancelled` is a manager calling the whole
 * event off.
 */
export const SCREENING_EVENTS = {
  created: 'screening.created',
  updated: 'screening.updated',
  cancelled: 'screening.cancelled',
  signup: 'screening.signup',
  cancel: 'screening.cancel',
  promoted: 'screening.promoted',
} as const

const Status = Type.Enum(['confirmed', 'waitlisted'])
const Code = Type.String({ pattern: '^\\d{6}$' })
const ScreeningId = Type.String({ minLength: 1, maxLength: 64 })

/** `screening.created` / `.updated`: the whole definition, so the event can be understood on its own. */
const Defined = Type.Object({
  screeningId: ScreeningId,
  title: Type.String({ maxLength: 200 }),
  organiser: Type.String({ maxLength: 200 }),
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  place: Type.String({ maxLength: 200 }),
  capacity: Type.Integer({ minimum: 0 }),
  /** Title, organiser and place in English, when given (added compatibly: older entries have none). */
  en: Type.Optional(
    Type.Object({
      title: Type.String({ maxLength: 200 }),
      organiser: Type.Optional(Type.String({ maxLength: 200 })),
      place: Type.Optional(Type.String({ maxLength: 200 })),
    }),
  ),
  /** `config`: seeded from the station config at start; `manager`: made in the manager console. */
  source: Type.Optional(Type.Enum(['config', 'manager', 'district'])),
  /** The account that made the change; null for the config seed. */
  by: Type.Union([Type.String(), Type.Null()]),
})
const Cancelled = Type.Object({ screeningId: ScreeningId, by: Type.Union([Type.String(), Type.Null()]) })
const Signup = Type.Object({
  screeningId: ScreeningId,
  code: Code,
  phoneHash: Type.String({ pattern: HASH_PATTERN }),
  phoneMasked: Type.String({ maxLength: 20 }),
  status: Status,
})
const Cancel = Type.Object({ screeningId: ScreeningId, code: Code, status: Status })
const Promoted = Type.Object({
  screeningId: ScreeningId,
  code: Code,
  phoneMasked: Type.String({ maxLength: 20 }),
})

export const ScreeningEvents = defineEvents({
  'screening.created': {
    v: 1,
    schema: Defined,
    description: 'A screening event was defined (config seed or manager).',
  },
  'screening.updated': { v: 1, schema: Defined, description: 'A screening event was changed by a manager.' },
  'screening.cancelled': { v: 1, schema: Cancelled, description: 'A manager called a screening event off.' },
  'screening.signup': event({
    v: 1,
    schema: Signup,
    description: 'A courier took a place or joined the waiting list.',
    personal: true,
    redact: (d) => ({ ...d, phoneHash: '', phoneMasked: '' }),
  }),
  'screening.cancel': {
    v: 1,
    schema: Cancel,
    description: 'A courier gave up a place (or a sign-up was taken back).',
  },
  'screening.promoted': event({
    v: 1,
    schema: Promoted,
    description: 'The first on the waiting list got a freed place.',
    personal: true,
    redact: (d) => ({ ...d, phoneMasked: '' }),
  }),
})

export type DefinedEvent = Static<typeof Defined>
export type CancelledEvent = Static<typeof Cancelled>
export type SignupEvent = Static<typeof Signup> & { status: PlaceStatus }
export type CancelEvent = Static<typeof Cancel>
export type PromotedEvent = Static<typeof Promoted>

export function definedEvent(
  def: ScreeningDef,
  by: string | null,
  source?: 'config' | 'manager' | 'district',
): DefinedEvent {
  const { id, ...rest } = def
  return { screeningId: id, ...rest, ...(source ? { source } : {}), by }
}

/** The definition a created/updated event carries, in a fixed field order. */
export function defOf(e: DefinedEvent): ScreeningDef {
  const { screeningId: id, title, organiser, start, end, place, capacity, en } = e
  return { id, title, organiser, start, end, place, capacity, ...(en ? { en } : {}) }
}
