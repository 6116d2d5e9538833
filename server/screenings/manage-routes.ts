import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Clock } from '../clock.js'
import { sendCsv } from '../csv.js'
import { problemsError, useStrictValidation } from '../http/validation.js'
import { checkScreening, type ScreeningInput } from './input.js'
import type { ScreeningAdmin } from './manage.js'
import { ManagedListSchema, ManagedOneSchema, ScreeningBody } from './manage-schemas.js'
import { ScreeningParams, SignupParams } from './schemas.js'
import { signupRows } from './signups.js'

const tags = ['manage: screenings']
/** A manager's form is a few short fields; Chinese text JSON-escaped is at most ~6 bytes a character. */
const bodyLimit = 16_384

export const manageScreeningRoutes: FastifyPluginAsyncTypebox<{
  admin: ScreeningAdmin
  clock: Clock
}> = async (app, { admin, clock }) => {
  useStrictValidation(app)

  /** The body, checked beyond the schema; every problem named at once. */
  const checked = (body: ScreeningInput) => {
    const { input, problems } = checkScreening(body, clock.now())
    const err = problemsError(problems)
    if (err) throw err
    return input
  }

  app.get(
    '/api/manage/screenings',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Every screening event, past and cancelled ones too, with its sign-ups',
        tags,
        response: { 200: ManagedListSchema },
      },
    },
    async () => ({ screenings: admin.list() }),
  )

  app.post(
    '/api/manage/screenings',
    {
      config: { access: 'manager' },
      bodyLimit,
      schema: {
        summary: 'Create a screening event (the hub gives its id)',
        tags,
        body: ScreeningBody,
        response: { 201: ManagedOneSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ screening: await admin.create(checked(req.body), req.user?.name ?? null) }),
  )

  app.put(
    '/api/manage/screenings/:id',
    {
      config: { access: 'manager' },
      bodyLimit,
      schema: {
        summary: 'Change a screening event',
        description:
          'The capacity may not go below the places confirmed (409 HUB_ERR_CAPACITY_BELOW_CONFIRMED); places a raised capacity frees go to the waiting list at once. A cancelled or past event cannot be changed (409 HUB_ERR_SCREENING_LOCKED).',
        tags,
        params: ScreeningParams,
        body: ScreeningBody,
        response: { 200: ManagedOneSchema },
      },
    },
    async (req) => {
      admin.get(req.params.id) // an unknown id: 404 before the checks beyond the schema
      return { screening: await admin.update(req.params.id, checked(req.body), req.user?.name ?? null) }
    },
  )

  app.post(
    '/api/manage/screenings/:id/cancel',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Call a screening event off: kept, marked cancelled, hidden from the kiosk',
        tags,
        params: ScreeningParams,
        response: { 200: ManagedOneSchema },
      },
    },
    async (req) => ({ screening: await admin.cancel(req.params.id, req.user?.name ?? null) }),
  )

  app.post(
    '/api/manage/screenings/:id/signups/:code/told',
    {
      config: { access: 'manager' },
      schema: {
        summary:
          'Mark a person told (called) of a promotion from the waiting list or of the event called off',
        tags,
        params: SignupParams,
        response: { 200: ManagedOneSchema },
      },
    },
    async (req) => ({
      screening: await admin.told(req.params.id, req.params.code, 'phone', req.user?.name ?? null),
    }),
  )

  app.get(
    '/api/manage/screenings/:id/signups.csv',
    {
      config: { access: 'staff' },
      schema: {
        summary:
          'The sign-ups of an event as CSV (UTF-8 with BOM): numbers in full while the contact details are kept',
        tags,
        params: ScreeningParams,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const { id } = req.params
      const rows = signupRows(admin.view(admin.get(id)).signups, app.time)
      return sendCsv(reply, `screening-${id}-signups.csv`, rows)
    },
  )
}
