import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { KIOSK_BODY_LIMIT, useStrictValidation } from '../http/validation.js'
import { kioskWriteLimit } from '../http/write-limit.js'
import type { LockerCore } from './core.js'
import { lockerErrorHandler } from './errors.js'
import { collect, rent } from './rentals.js'
import { CollectBody, CollectResult, LockersSummary, RentBody, RentResult } from './schemas.js'
import { summary } from './views.js'

const tags = ['lockers']

/** The courier's side: what is free, renting a locker, taking it back. No personal data in any answer. */
export const lockerRoutes: FastifyPluginAsyncTypebox<{ core: LockerCore }> = async (app, { core }) => {
  useStrictValidation(app)
  app.setErrorHandler(lockerErrorHandler)

  app.get(
    '/api/lockers',
    {
      config: { access: 'public' },
      schema: {
        summary:
          'The charging lockers: each one’s state and how many are free (also pushed as socket `lockers`)',
        tags,
        response: { 200: LockersSummary },
      },
    },
    async () => summary(core),
  )

  app.post(
    '/api/lockers/rentals',
    {
      config: kioskWriteLimit(),
      bodyLimit: KIOSK_BODY_LIMIT,
      schema: {
        summary: 'Rent a free locker of a kind: by phone, or (no phone) with a new retrieval code',
        description:
          'Answered once the board shows the door open (or at once with 503 HUB_ERR_LOCKER_UNAVAILABLE when the board cannot be reached: nothing fires later). The rental starts when the door closes. 409 HUB_ERR_LOCKER_JAMMED: the door did not open; the locker is out of service and managers are alerted.',
        tags,
        body: RentBody,
        response: { 201: RentResult },
      },
    },
    async (req, reply) => {
      const { kind, phone } = req.body
      const r = await rent(core, kind, phone ? { phone } : { pin: true })
      return reply
        .status(201)
        .send({ locker: { id: r.locker.id, label: r.locker.label }, pin: r.pin, rev: r.rev })
    },
  )

  app.post(
    '/api/lockers/collect',
    {
      config: kioskWriteLimit(),
      bodyLimit: KIOSK_BODY_LIMIT,
      schema: {
        summary: 'Take a rented locker back, by phone or by locker and code: the same locker opens',
        description:
          'The rental ends when the door closes again. Wrong codes are limited per locker and per address (403 HUB_ERR_LOCKER_PIN_WRONG, then 429 HUB_ERR_LOCKER_PIN_LOCKED with retry-after).',
        tags,
        body: CollectBody,
        response: { 200: CollectResult },
      },
    },
    async (req) => {
      const r = await collect(core, req.body, req.ip)
      return { locker: { id: r.locker.id, label: r.locker.label }, rev: r.rev }
    },
  )
}
