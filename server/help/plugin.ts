import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { HelpRequest } from '../bus/events.js'
import type { Clock } from '../clock.js'
import { KIOSK_BODY_LIMIT, useStrictValidation } from '../http/validation.js'
import { kioskWriteLimit } from '../http/write-limit.js'
import { PhoneSchema } from '../privacy/phone.js'

const HelpBody = Type.Object(
  {
    reason: Type.Enum(['unwell', 'injured', 'phone-dead', 'other'], {
      description: 'unwell (身体不适), injured (受伤), phone-dead (手机没电), other.',
    }),
    phone: Type.Optional(PhoneSchema),
  },
  { additionalProperties: false },
)

const HelpResult = Type.Object({ id: Type.String(), at: Type.String({ format: 'date-time' }) })

const helpRoutes: FastifyPluginAsyncTypebox<{ clock: Clock }> = async (app, { clock }) => {
  useStrictValidation(app)
  app.post(
    '/api/help',
    {
      config: kioskWriteLimit(),
      bodyLimit: KIOSK_BODY_LIMIT,
      schema: {
        summary:
          'A courier asks for help: pushed at once to the manager screens (socket.io /manager, `help`)',
        tags: ['help'],
        body: HelpBody,
        response: { 201: HelpResult },
      },
    },
    async (req, reply) => {
      const { reason, phone } = req.body
      const help: HelpRequest = {
        id: randomUUID(),
        at: new Date(clock.now()).toISOString(),
        reason,
        phoneMasked: phone ? app.phones.mask(phone) : null,
      }
      const phoneHash = phone ? app.phones.hash(phone) : null
      try {
        await app.store.commit((tx) =>
          tx.append('help.requested', { id: help.id, reason, phoneMasked: help.phoneMasked, phoneHash }),
        )
      } finally {
        // Someone may be hurt: the manager hears of it even if the journal could not take it (the kiosk
        // then gets a 503 and may ask again; a second alert is better than none).
        app.bus.emit('help.requested', help)
      }
      return reply.status(201).send({ id: help.id, at: help.at })
    },
  )
}

export const helpPlugin = fp(
  async (app, opts: { clock: Clock }) => {
    await app.register(helpRoutes, opts)
  },
  { name: 'help', dependencies: ['store', 'privacy', 'kiosk'] },
)
