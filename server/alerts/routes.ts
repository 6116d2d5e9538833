import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { queryInstant } from '../http/dates.js'
import { useStrictValidation } from '../http/validation.js'
import { AlertSchema } from './schemas.js'

const DAY = 86_400_000
const AlertList = Type.Object({ alerts: Type.Array(AlertSchema) })
const AlertOne = Type.Object({ alert: AlertSchema })
const IdParams = Type.Object({ id: Type.String({ maxLength: 80 }) })

export const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  useStrictValidation(app)
  app.get(
    '/api/manage/alerts',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Open alerts (active and acknowledged), the most urgent first',
        tags: ['alerts'],
        response: { 200: AlertList },
      },
    },
    async () => ({ alerts: app.alerts.active().map(app.presentAlert) }),
  )

  app.get(
    '/api/manage/alerts/history',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Every alert raised in a range (default the last 7 days), newest first',
        tags: ['alerts'],
        querystring: Type.Object({
          from: Type.Optional(Type.String({ maxLength: 40 })),
          to: Type.Optional(Type.String({ maxLength: 40 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
        }),
        response: { 200: AlertList },
      },
    },
    async (req) => {
      const to = queryInstant('to', req.query.to, Date.now())
      const from = queryInstant('from', req.query.from, to - 7 * DAY)
      const alerts = await app.alerts.history({ from, to, limit: req.query.limit ?? 500 })
      return { alerts: alerts.map(app.presentAlert) }
    },
  )

  app.post(
    '/api/manage/alerts/:id/ack',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Acknowledge: someone is on it',
        tags: ['alerts'],
        params: IdParams,
        response: { 200: AlertOne },
      },
    },
    async (req) => ({
      alert: app.presentAlert(await app.alertActions.acknowledge(req.params.id, req.user?.name ?? '?')),
    }),
  )

  app.post(
    '/api/manage/alerts/:id/resolve',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Resolve by hand with a note of what was done',
        tags: ['alerts'],
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: AlertOne },
      },
    },
    async (req) => ({
      alert: app.presentAlert(
        await app.alertActions.resolve(req.params.id, req.user?.name ?? '?', req.body.note.trim()),
      ),
    }),
  )
}
