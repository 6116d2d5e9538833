import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../config/schema.js'
import { useStrictValidation } from '../http/validation.js'
import { kioskWriteLimit } from '../http/write-limit.js'
import { Day } from '../schema-parts.js'
import { KioskStock, OneItem, StockOverview, Takeout } from './schemas.js'
import { StockError } from './service.js'

const itemFields = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  unit: Type.String({ minLength: 1, maxLength: 8 }),
  min: Type.Integer({ minimum: 0, maximum: 10000 }),
  target: Type.Integer({ minimum: 0, maximum: 10000 }),
  compartment: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  en: Type.Optional(
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 60 }),
        unit: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
        units: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
      },
      {
        additionalProperties: false,
        description:
          'Name and unit in English, for the kiosk’s English mode. A change that leaves it out removes it.',
      },
    ),
  ),
}
const Item = Type.Object(itemFields, { additionalProperties: false })
const NewItem = Type.Object(
  { id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), ...itemFields },
  { additionalProperties: false },
)
const IdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) })
const STATUS = {
  HUB_ERR_STOCK_ITEM_NOT_FOUND: 404,
  HUB_ERR_STOCK_ITEM_EXISTS: 409,
  HUB_ERR_STOCK_EMPTY: 409,
} as const

export const stockRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  useStrictValidation(app)
  const s = app.stock
  app.setErrorHandler((err, _req, reply) => {
    if (!(err instanceof StockError)) throw err
    const status = STATUS[err.code]
    reply.status(status).send({
      statusCode: status,
      code: err.code,
      error: status === 404 ? 'Not Found' : 'Conflict',
      message: err.message,
    })
  })

  app.get(
    '/api/manage/stock',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Items, what to buy, and batches expiring soon',
        tags: ['stock'],
        response: { 200: StockOverview },
      },
    },
    async () => ({
      items: s.items().map((i) => s.view(i)),
      restock: s.restockList(),
      expiring: s.expiring(config.alerts.expiry.withinDays),
    }),
  )
  app.post(
    '/api/manage/stock/items',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Add an item to the medicine box',
        tags: ['stock'],
        body: NewItem,
        response: { 201: OneItem },
      },
    },
    async (req, reply) => {
      const { id, ...input } = req.body
      reply.status(201)
      return { item: s.view(await s.create(id, input)) }
    },
  )
  app.put(
    '/api/manage/stock/items/:id',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Change an item',
        tags: ['stock'],
        params: IdParams,
        body: Item,
        response: { 200: OneItem },
      },
    },
    async (req) => ({ item: s.view(await s.update(req.params.id, req.body)) }),
  )
  app.post(
    '/api/manage/stock/items/:id/restock',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Record a restock: a batch with its expiry',
        tags: ['stock'],
        params: IdParams,
        body: Type.Object(
          {
            quantity: Type.Integer({ minimum: 1, maximum: 10000 }),
            batch: Type.String({ minLength: 1, maxLength: 40 }),
            expires: Day('Last day of use.'),
          },
          { additionalProperties: false },
        ),
        response: { 200: OneItem },
      },
    },
    async (req) => ({ item: s.view(await s.restock(req.params.id, req.body, req.user?.name ?? '?')) }),
  )
  app.get(
    '/api/stock',
    {
      config: { access: 'public' },
      schema: {
        summary: 'What the medicine box has, for the kiosk',
        tags: ['stock'],
        response: { 200: KioskStock },
      },
    },
    async () => ({
      items: s.items().map((i) => ({
        id: i.id,
        name: i.name,
        unit: i.unit,
        inStock: s.view(i).count > 0,
        ...(i.en ? { en: i.en } : {}),
      })),
    }),
  )
  app.post(
    '/api/stock/takeouts',
    {
      config: kioskWriteLimit(),
      schema: {
        summary: '"I took one": a courier logs what they took from the medicine box',
        tags: ['stock'],
        body: Type.Object(
          { item: Type.String({ maxLength: 64 }), quantity: Type.Integer({ minimum: 1, maximum: 10 }) },
          { additionalProperties: false },
        ),
        response: { 201: Takeout },
      },
    },
    async (req, reply) => {
      const { item, taken } = await s.takeOut(req.body.item, req.body.quantity, 'kiosk')
      reply.status(201)
      // `taken` may be less than asked when fewer were left.
      return { item: { id: item.id, name: item.name, inStock: s.view(item).count > 0 }, taken }
    },
  )
}
