import { Type } from 'typebox'
import { defineEvents } from '../store/event-kit.js'

export const ColdChainEvents = defineEvents({
  'coldchain.action': {
    v: 1,
    schema: Type.Object({
      deviceId: Type.String(),
      excursion: Type.String(),
      action: Type.String(),
      by: Type.String(),
      at: Type.String({ format: 'date-time' }),
    }),
    description: 'The corrective action written down for a temperature excursion.',
  },
})
