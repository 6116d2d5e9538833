import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { sendCsv } from '../csv.js'
import { useStrictValidation } from '../http/validation.js'
import { dailyFigures, dayRange, monthRange, reportRows } from './figures.js'
import { DailyQuerySchema, DailySchema, ReportQuerySchema } from './manage-schemas.js'

const tags = ['manage: check-ins']

/** Station figures for the people who run it, counted from the visits in memory (no journal read). */
export const manageCheckinRoutes: FastifyPluginAsyncTypebox<{ config: Config; clock: Clock }> = async (
  app,
  { config, clock },
) => {
  useStrictValidation(app)
  const { platforms, purposes } = config.kiosk
  const figures = (days: string[]) =>
    dailyFigures(
      app.couriers.counts,
      days,
      platforms.map((p) => p.id),
      purposes.map((p) => p.id),
    )

  app.get(
    '/api/manage/checkins/daily',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Visits per station day by platform and purpose, every day of the range',
        description:
          'Both ends included; default the 30 days up to today; at most 400 days (400 HUB_ERR_BAD_RANGE).',
        tags,
        querystring: DailyQuerySchema,
        response: { 200: DailySchema },
      },
    },
    async (req) => ({ days: figures(dayRange(req.query, clock.now(), app.time)) }),
  )

  app.get(
    '/api/manage/checkins/report.csv',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'The monthly report as CSV: one row a day, a column per platform and per purpose, totals',
        tags,
        querystring: ReportQuerySchema,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const month = req.query.month ?? app.time.month(clock.now())
      const rows = reportRows(figures(monthRange(month, clock.now(), app.time)), platforms, purposes)
      return sendCsv(reply, `checkins-${month}.csv`, rows)
    },
  )
}
