import { Type } from 'typebox'
import { defineEvents, event } from '../store/event-kit.js'

export const HelpRequestedEvent = Type.Object({
  id: Type.String({ maxLength: 64 }),
  reason: Type.Enum(['unwell', 'injured', 'phone-dead', 'other']),
  phoneMasked: Type.Union([Type.String({ maxLength: 20 }), Type.Null()]),
  phoneHash: Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()]),
})

export const HelpEvents = defineEvents({
  'help.requested': event({
    v: 1,
    schema: HelpRequestedEvent,
    description: 'A courier asked for help at the kiosk (the reason; a phone only hashed and masked).',
    personal: true,
    redact: (d) => ({ ...d, phoneMasked: null, phoneHash: null }),
  }),
})
