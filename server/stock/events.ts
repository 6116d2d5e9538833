import { Type } from 'typebox'
import { defineEvents } from '../store/event-kit.js'

const ItemId = Type.String({ minLength: 1, maxLength: 64 })

export const StockEvents = defineEvents({
  'stock.item': {
    v: 1,
    schema: Type.Object({
      id: ItemId,
      name: Type.String(),
      unit: Type.String(),
      min: Type.Number(),
      target: Type.Number(),
      compartment: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      /** Name and unit in English, when given (added compatibly: older entries have none). */
      en: Type.Optional(
        Type.Object({
          name: Type.String(),
          unit: Type.Optional(Type.String()),
          units: Type.Optional(Type.String()),
        }),
      ),
    }),
    description: 'A medicine-box item was added or its settings changed.',
  },
  'stock.restock': {
    v: 1,
    schema: Type.Object({
      id: ItemId,
      batch: Type.String(),
      expires: Type.String(),
      quantity: Type.Number(),
      by: Type.String(),
    }),
    description: 'A batch was put in the medicine box.',
  },
  'stock.takeout': {
    v: 1,
    schema: Type.Object({ id: ItemId, quantity: Type.Number(), source: Type.Enum(['kiosk', 'manager']) }),
    description: 'Items were taken out (a courier at the kiosk, or a manager’s correction).',
  },
})
