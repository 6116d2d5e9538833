import { Type } from 'typebox'
import { defineEvents } from '../store/event-kit.js'

const Notice = Type.Object({
  id: Type.String(),
  category: Type.Enum(['jobs', 'legal', 'insurance', 'health', 'other']),
  title: Type.String(),
  body: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
  /** The notice in English, when one was given (added in a compatible way: older entries have none). */
  en: Type.Optional(Type.Object({ title: Type.String(), body: Type.Optional(Type.String()) })),
  by: Type.Union([Type.String(), Type.Null()]),
})

export const NoticeEvents = defineEvents({
  'notice.saved': {
    v: 1,
    schema: Notice,
    description: 'A notice was put up or changed (by a manager, or seeded from the station file).',
  },
})
