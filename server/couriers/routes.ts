import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../config/schema.js'
import { KIOSK_BODY_LIMIT, useStrictValidation } from '../http/validation.js'
import { kioskWriteLimit } from '../http/write-limit.js'
import { checkinSchemas, LookupSchema, StatsQuerySchema, StatsSchema, VisitSchema } from './schemas.js'

export const checkinRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  useStrictValidation(app)
  app.addSchema(VisitSchema)
  const { CheckinBody, LookupBody } = checkinSchemas(config)
  const platforms = config.kiosk.platforms.map((p) => p.id)
  const purposes = config.kiosk.purposes.map((p) => p.id)
  const write = { config: kioskWriteLimit(), bodyLimit: KIOSK_BODY_LIMIT }

  app.post(
    '/api/checkins',
    {
      ...write,
      schema: {
        summary: 'A courier checks in at the kiosk',
        description: `201 for a new visit; 200 with the same visit (repeat: true) when the phone checked in within the last ${config.kiosk.checkinRepeatMin} minutes.`,
        tags: ['couriers'],
        body: CheckinBody,
        response: {
          200: Type.Object({ visit: Type.Ref('Visit') }),
          201: Type.Object({ visit: Type.Ref('Visit') }),
        },
      },
    },
    async (req, reply) => {
      const { phone, platform, purposes } = req.body
      const visit = await app.couriers.checkIn(phone, platform, purposes)
      return reply.status(visit.repeat ? 200 : 201).send({ visit })
    },
  )

  app.post(
    '/api/checkins/lookup',
    {
      ...write,
      schema: {
        summary: 'Is this phone a returning courier? (POST, so the number is not in a URL)',
        tags: ['couriers'],
        body: LookupBody,
        response: { 200: LookupSchema },
      },
    },
    async (req) => app.couriers.lookup(req.body.phone),
  )

  app.get(
    '/api/checkins/stats',
    {
      // Station figures are for the people who run it (manager console), not for the public kiosk.
      config: { access: 'staff' },
      schema: {
        summary: 'Visits counted today, this week or this month (China time), by platform and purpose',
        tags: ['couriers'],
        querystring: StatsQuerySchema,
        response: { 200: StatsSchema },
      },
    },
    async (req) => app.couriers.stats(req.query.period ?? 'day', platforms, purposes),
  )
}
