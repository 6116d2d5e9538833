import { Type } from 'typebox'
import { PhoneSchema } from '../privacy/phone.js'
import { Iso, Nullable } from '../schema-parts.js'
import { PIN_LENGTH } from './pins.js'

/** The lockers' HTTP and socket shapes: validation, serialisation, the OpenAPI document and the screens' types. */

const Kind = Type.Enum(['phone', 'battery'], { description: 'phone (手机充电) or battery (电池充电).' })
const LockerId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const Pin = Type.String({
  pattern: `^[0-9]{${PIN_LENGTH}}$`,
  description: `The ${PIN_LENGTH}-digit retrieval code given at the rental.`,
  errorMessage: `expected the ${PIN_LENGTH}-digit code`,
})

export const LockersSummary = Type.Object({
  rev: Type.Integer({ description: 'Grows with every change: a newer summary has a larger one.' }),
  timeLimitMin: Type.Integer({ description: 'lockers.timeLimitMin: past this a rental is overdue.' }),
  free: Type.Object(
    { phone: Type.Integer(), battery: Type.Integer() },
    { description: 'Lockers a courier could rent now, per kind.' },
  ),
  lockers: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String({ description: 'The number on the door.' }),
      kind: Kind,
      state: Type.Enum(['free', 'busy', 'unavailable'], {
        description:
          'free: rentable now; busy: rented; unavailable: out of service, board offline or door open.',
      }),
      doorOpen: Type.Boolean(),
      remind: Type.Boolean({ description: 'Open for lockers.doorRemindSec: the screen asks to close it.' }),
      overdue: Type.Boolean({ description: 'Rented for longer than timeLimitMin.' }),
    }),
  ),
})

export const RentBody = Type.Object(
  {
    kind: Kind,
    phone: Type.Optional(PhoneSchema),
  },
  { additionalProperties: false },
)

export const RentResult = Type.Object({
  locker: Type.Object({ id: Type.String(), label: Type.String() }),
  pin: Nullable(Type.String({ description: 'The retrieval code, shown once; null for a rental by phone.' })),
  rev: Type.Integer({ description: 'The summary revision with the door open: a later one shows it closed.' }),
})

export const CollectBody = Type.Union(
  [
    Type.Object({ phone: PhoneSchema }, { additionalProperties: false }),
    Type.Object({ locker: LockerId, pin: Pin }, { additionalProperties: false }),
  ],
  { description: '{ phone } or { locker, pin }.' },
)

export const CollectResult = Type.Object({
  locker: Type.Object({ id: Type.String(), label: Type.String() }),
  rev: Type.Integer(),
})

const Reason = Type.String({ minLength: 1, maxLength: 200, description: 'Why: recorded with who.' })

export const OpenBody = Type.Object(
  {
    reason: Reason,
    endRental: Type.Optional(
      Type.Boolean({ description: 'A running rental ends when the door closes again (default false).' }),
    ),
  },
  { additionalProperties: false },
)

export const ServiceBody = Type.Object(
  {
    inService: Type.Boolean({ description: 'false: out of service; true: back in service.' }),
    reason: Reason,
  },
  { additionalProperties: false },
)

export const IdParams = Type.Object({ id: LockerId })

export const ManagedLockersSchema = Type.Object({
  rev: Type.Integer(),
  timeLimitMin: Type.Integer(),
  buses: Type.Array(
    Type.Object({
      id: Type.String(),
      port: Type.String(),
      profile: Type.String(),
      connected: Type.Boolean(),
      boards: Type.Array(
        Type.Object({
          address: Type.Integer(),
          online: Nullable(Type.Boolean()),
          lastSeenAt: Nullable(Iso('')),
        }),
      ),
    }),
  ),
  lockers: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      kind: Kind,
      bus: Type.String(),
      board: Type.Integer(),
      lock: Type.Integer(),
      door: Type.Enum(['open', 'closed', 'unknown']),
      openSince: Nullable(Iso('Since when the door has been open.')),
      item: Nullable(Type.Boolean({ description: 'KR-CU16 infrared sensor: something inside.' })),
      online: Type.Boolean(),
      inService: Type.Boolean(),
      service: Nullable(
        Type.Object({
          reason: Type.String(),
          user: Nullable(Type.String()),
          at: Iso('Taken out of service.'),
        }),
      ),
      rental: Nullable(
        Type.Object({
          id: Type.String(),
          by: Type.Enum(['phone', 'pin']),
          phoneMasked: Nullable(Type.String()),
          stage: Type.Enum(['reserved', 'active', 'collecting']),
          reservedAt: Iso(''),
          startedAt: Nullable(Iso('When the door closed on it.')),
          minutes: Type.Integer({ description: 'Its age, from startedAt.' }),
          overdue: Type.Boolean(),
          reconciled: Type.Boolean({ description: 'Found shut after a restart, not seen closing.' }),
        }),
      ),
    }),
  ),
})

export const OpenResult = Type.Object({
  locker: Type.Object({ id: Type.String(), label: Type.String() }),
  outcome: Type.Enum(['opened', 'already-open', 'jammed']),
})

export const DaySchema = Type.Object({
  day: Type.String(),
  rentals: Type.Integer(),
  ended: Type.Integer(),
  overdue: Type.Integer(),
  cancelled: Type.Integer(),
  minutes: Type.Integer(),
  opened: Type.Integer(),
  faults: Type.Record(Type.String(), Type.Integer()),
})

export const FiguresQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  },
  { additionalProperties: false },
)
