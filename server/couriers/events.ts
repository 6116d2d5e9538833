import { Type } from 'typebox'
import { defineEvents, event, HASH_PATTERN } from '../store/event-kit.js'

export const CheckinEvent = Type.Object({
  visitId: Type.String({ minLength: 1, maxLength: 64 }),
  phoneHash: Type.String({
    pattern: HASH_PATTERN,
    description: 'HMAC-SHA256 of the phone under the station key; empty once redacted.',
  }),
  phoneMasked: Type.String({ maxLength: 20, description: 'e.g. 138****1234' }),
  platform: Type.String({ maxLength: 64 }),
  purposes: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }),
  /** The phone had visited before (within privacy.personalDataDays): a figure, kept when redacted. */
  returning: Type.Optional(Type.Boolean()),
})

export const CourierEvents = defineEvents({
  checkin: event({
    v: 1,
    schema: CheckinEvent,
    description: 'A courier checked in: a new visit (a repeat within the repeat window is not journaled).',
    personal: true,
    redact: (d) => ({ ...d, phoneHash: '', phoneMasked: '' }),
  }),
})
