import { Type } from 'typebox'
import { Day, Nullable } from '../schema-parts.js'

/**
 * The stock routes' answers, for the OpenAPI document at /docs. Objects let extra properties through, so a
 * field added to an item is never dropped from an answer by the serializer.
 */
const open = { additionalProperties: true }

const Batch = Type.Object(
  {
    batch: Type.String({ description: 'Batch (lot) number, or a label the manager gave.' }),
    expires: Day('Last day of use.'),
    quantity: Type.Integer(),
  },
  open,
)

export const StockItemSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    unit: Type.String({ description: '盒, 片, 个, 瓶…' }),
    min: Type.Integer({ description: 'At or below this count the item needs restocking.' }),
    target: Type.Integer({ description: 'How many the box holds when full.' }),
    compartment: Nullable(Type.String({ description: 'The stock sensor counting this compartment.' })),
    batches: Type.Array(Batch),
    count: Type.Integer({
      description: 'The compartment sensor’s count when there is one, else the batches’ sum.',
    }),
  },
  open,
)

const RestockLine = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    unit: Type.String(),
    count: Type.Integer(),
    min: Type.Integer(),
    buy: Type.Integer({ description: 'How many to buy to reach the target.' }),
  },
  open,
)

const ExpiringBatch = Type.Object(
  {
    id: Type.String({ description: 'The item.' }),
    name: Type.String(),
    batch: Type.String(),
    expires: Day('Last day of use.'),
    quantity: Type.Integer(),
    expired: Type.Boolean(),
  },
  open,
)

export const StockOverview = Type.Object(
  {
    items: Type.Array(StockItemSchema),
    restock: Type.Array(RestockLine, { description: 'Items at or below their minimum, most short first.' }),
    expiring: Type.Array(ExpiringBatch, {
      description: 'Batches expired or expiring within `alerts.expiry.withinDays`, soonest first.',
    }),
  },
  open,
)

export const OneItem = Type.Object({ item: StockItemSchema }, open)

const KioskItem = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    inStock: Type.Boolean(),
    en: Type.Optional(
      Type.Object(
        { name: Type.String(), unit: Type.Optional(Type.String()), units: Type.Optional(Type.String()) },
        { description: 'Name and unit in English, when given.', ...open },
      ),
    ),
  },
  open,
)

export const KioskStock = Type.Object(
  { items: Type.Array(Type.Object({ ...KioskItem.properties, unit: Type.String() }, open)) },
  open,
)

export const Takeout = Type.Object(
  {
    item: KioskItem,
    taken: Type.Integer({ description: 'How many were taken: fewer than asked when fewer were left.' }),
  },
  open,
)
