import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Errors } from '../errors.js'
import { fieldError, KIOSK_BODY_LIMIT, useStrictValidation } from '../http/validation.js'
import { kioskWriteLimit } from '../http/write-limit.js'
import { NAME_MESSAGE, normaliseName } from './name.js'
import {
  CancelBody,
  CancelByNameBody,
  CancelResultSchema,
  ScreeningListSchema,
  ScreeningParams,
  SignupBody,
  SignupParams,
  SignupResultSchema,
} from './schemas.js'

export const screeningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useStrictValidation(app)
  const write = { config: kioskWriteLimit(), bodyLimit: KIOSK_BODY_LIMIT }

  app.get(
    '/api/screenings',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Health screenings not yet over, soonest first, with places left',
        tags: ['screenings'],
        response: { 200: ScreeningListSchema },
      },
    },
    async () => ({ screenings: app.screenings.list() }),
  )

  app.post(
    '/api/screenings/:id/signups',
    {
      ...write,
      schema: {
        summary: 'Sign up for a screening: a confirmed place, or a place on the waiting list when full',
        tags: ['screenings'],
        params: ScreeningParams,
        body: SignupBody,
        response: { 201: SignupResultSchema },
      },
    },
    async (req, reply) => {
      const { id } = req.params
      if (!app.screenings.book.visible(id)) throw new Errors.SCREENING_NOT_FOUND(id)
      if (req.body.consent !== true) throw new Errors.CONSENT_REQUIRED()
      const name = normaliseName(req.body.name)
      if (name === null) throw fieldError('name', NAME_MESSAGE)
      return reply.status(201).send(await app.screenings.signUp(id, name, req.body.phone))
    },
  )

  app.delete(
    '/api/screenings/:id/signups/:code',
    {
      ...write,
      schema: {
        summary: 'Cancel a sign-up with its code and the phone number it was made with',
        description:
          'A freed confirmed place goes to the first on the waiting list. After 3 wrong codes on one sign-up (or 10 wrong tries from one address) the next try must wait: 429 HUB_ERR_TOO_MANY_TRIES with Retry-After, 30 s and doubling.',
        tags: ['screenings'],
        params: SignupParams,
        body: CancelBody,
        response: { 200: CancelResultSchema },
      },
    },
    async (req) => app.screenings.cancel(req.params.id, req.params.code, req.body.phone, req.ip),
  )

  app.post(
    '/api/screenings/:id/cancellations',
    {
      ...write,
      schema: {
        summary: 'Cancel a sign-up whose code was lost: the phone and the name it was made with',
        description:
          'For a courier who lost the 6-digit code. The phone, the event and the name signed up with must all match (the name in any spacing or letter case); a wrong name gets the same 404 as a phone that never signed up. Wrong codes and names count together: after 3 on one sign-up, or 10 from one address, the next try must wait (429 HUB_ERR_TOO_MANY_TRIES with Retry-After), longer each time.',
        tags: ['screenings'],
        params: ScreeningParams,
        body: CancelByNameBody,
        response: { 200: CancelResultSchema },
      },
    },
    async (req) => app.screenings.cancelByName(req.params.id, req.body.phone, req.body.name, req.ip),
  )
}
