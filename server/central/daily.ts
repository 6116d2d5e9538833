import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import { useStrictValidation } from '../http/validation.js'
import { stationDay } from '../uplink/protocol.js'
import type { Db } from './db/db.js'
import { CentralErrors } from './errors.js'
import { METRIC } from './ingest/plan.js'
import type { Registry } from './registry.js'
import { StationIdParams } from './schemas.js'

const DAY_MS = 86_400_000

export const DailyReply = Type.Object({
  days: Type.Array(
    Type.Object({
      day: Type.String({ description: 'Station-time day, YYYY-MM-DD' }),
      checkins: Type.Integer(),
      help: Type.Integer(),
    }),
    { description: 'Oldest first, today last; a day without a visit is there with 0' },
  ),
})

/** Check-ins and help requests per station-time day, the last `days` days through today (a chart's data). */
export async function dailyCounts(db: Db, id: string, timeZone: string, now: number, days: number) {
  const list = Array.from({ length: days }, (_, i) => stationDay(now - (days - 1 - i) * DAY_MS, timeZone))
  const { rows } = await db.query<{ day: string; metric: string; n: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, metric, n FROM daily_counts
     WHERE station_id = $1 AND day = ANY($2::date[]) AND metric IN ($3, $4) AND key = ''`,
    [id, list, METRIC.checkin, METRIC.help],
  )
  const n = (day: string, metric: string) =>
    Number(rows.find((r) => r.day === day && r.metric === metric)?.n ?? 0)
  return list.map((day) => ({ day, checkins: n(day, METRIC.checkin), help: n(day, METRIC.help) }))
}

/** `GET /api/stations/:id/daily`: the district page's visits chart. */
export const dailyRoutes: FastifyPluginAsyncTypebox<{ db: Db; registry: Registry; clock: Clock }> = async (
  app,
  { db, registry, clock },
) => {
  useStrictValidation(app)
  app.get(
    '/api/stations/:id/daily',
    {
      config: { access: 'staff', scope: 'station' },
      schema: {
        summary: 'Check-ins and help requests per day, the last `days` days (station time)',
        tags: ['district'],
        params: StationIdParams,
        querystring: Type.Object(
          { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 92, description: 'Default 14' })) },
          { additionalProperties: false },
        ),
        response: { 200: DailyReply },
      },
    },
    async (req) => {
      const s = await registry.get(req.params.id)
      if (!s) throw new CentralErrors.STATION_NOT_FOUND(req.params.id)
      return { days: await dailyCounts(db, s.id, s.timeZone, clock.now(), req.query.days ?? 14) }
    },
  )
}
