import { Type } from 'typebox'
import { defineEvents } from '../store/event-kit.js'

const Status = Type.Object({
  id: Type.String(),
  online: Type.Boolean(),
  at: Type.String(),
  why: Type.Enum(['availability', 'message', 'silent']),
})

export const SensorEvents = defineEvents({
  'device.online': { v: 1, schema: Status, description: 'A device came online.' },
  'device.offline': {
    v: 1,
    schema: Status,
    description: 'A device went offline (its last will, or silence).',
  },
  'device.unregistered': {
    v: 1,
    schema: Type.Object({ id: Type.String({ maxLength: 200 }), at: Type.String() }),
    description: 'A device id the station file does not list published for the first time.',
  },
})
