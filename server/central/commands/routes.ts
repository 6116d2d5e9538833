import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { useStrictValidation } from '../../http/validation.js'
import type { Db } from '../db/db.js'
import { METRIC } from '../ingest/plan.js'
import type { Registry } from '../registry.js'
import { StationIdParams } from '../schemas.js'
import { inScope } from '../scope/scope.js'
import type { DistrictActions, Publication } from './actions.js'
import { AckBody, AckParams, CommandItem, PublicationItem, PublishBody } from './schemas.js'
import { toCommand } from './service.js'

/** Sign-ups of a published screening at its stations, from the figures they sent up. */
async function signupsOf(db: Db, p: Publication) {
  const stations = p.commands.map((c) => c.stationId)
  const { rows } = await db.query<{ metric: string; n: number }>(
    `SELECT metric, sum(n)::bigint AS n FROM daily_counts
     WHERE station_id = ANY($1) AND key = $2 AND metric = ANY($3) GROUP BY metric`,
    [stations, p.id, [METRIC.signup, METRIC.waiting, METRIC.cancel, METRIC.promoted]],
  )
  const n = (m: string) => Number(rows.find((r) => r.metric === m)?.n ?? 0)
  const reached = p.commands.filter((c) => c.state === 'ok').length
  return {
    signups: n(METRIC.signup),
    waiting: n(METRIC.waiting),
    cancellations: n(METRIC.cancel),
    promoted: n(METRIC.promoted),
    places: reached * Number(p.data.capacity ?? 0),
  }
}

/** Acting from afar (docs/central.md, "Acting at stations"): acknowledgements and publications. */
export const commandRoutes: FastifyPluginAsyncTypebox<{
  db: Db
  registry: Registry
  actions: DistrictActions
}> = async (app, { db, registry, actions }) => {
  useStrictValidation(app)
  const tags = ['district actions']

  app.post(
    '/api/stations/:id/alerts/:alertId/acknowledge',
    {
      config: { access: 'staff', scope: 'station' },
      schema: {
        summary: "Acknowledge a station's alert from the district, with a note: a command to the station",
        tags,
        params: AckParams,
        body: AckBody,
        response: { 202: Type.Object({ command: CommandItem }) },
      },
    },
    async (req, reply) => {
      const command = await actions.acknowledge(
        { name: req.user?.name ?? '?', scope: req.scope },
        req.params.id,
        req.params.alertId,
        req.body.note?.trim() || null,
        req.body.commandId,
      )
      return reply.status(202).send({ command })
    },
  )

  app.get(
    '/api/stations/:id/commands',
    {
      config: { access: 'staff', scope: 'station' },
      schema: {
        summary: 'Commands sent to a station, the newest first, with their results',
        tags,
        params: StationIdParams,
        response: { 200: Type.Object({ commands: Type.Array(CommandItem) }) },
      },
    },
    async (req) => {
      const { rows } = await db.query<Parameters<typeof toCommand>[0]>(
        'SELECT * FROM commands WHERE station_id = $1 ORDER BY created_at DESC LIMIT 100',
        [req.params.id],
      )
      return { commands: rows.map(toCommand) }
    },
  )

  app.post(
    '/api/publications',
    {
      config: { access: 'staff', scope: 'filtered' },
      schema: {
        summary: 'Publish a notice, a health screening or a job fair to chosen stations or whole streets',
        tags,
        body: PublishBody,
        response: { 201: Type.Object({ publication: PublicationItem }) },
      },
    },
    async (req, reply) => {
      const publication = await actions.publish({ name: req.user?.name ?? '?', scope: req.scope }, req.body)
      return reply.status(201).send({ publication })
    },
  )

  app.get(
    '/api/publications',
    {
      config: { access: 'staff', scope: 'filtered' },
      schema: {
        summary: 'Publications reaching your stations, the newest first: where each got to, and sign-ups',
        tags,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ publications: Type.Array(PublicationItem) }) },
      },
    },
    async (req) => {
      await registry.refresh()
      const mine = new Set(
        registry
          .cached()
          .filter((s) => inScope(req.scope, s))
          .map((s) => s.id),
      )
      const { rows } = await db.query<{ id: string }>(
        `SELECT p.id FROM publications p WHERE EXISTS (
           SELECT 1 FROM commands c WHERE c.publication_id = p.id AND c.station_id = ANY($1))
         ORDER BY p.created_at DESC LIMIT $2`,
        [[...mine], req.query.limit ?? 50],
      )
      const publications = []
      for (const r of rows) {
        const p = (await actions.publication(r.id)) as Publication
        const own = { ...p, commands: p.commands.filter((c) => mine.has(c.stationId)) }
        publications.push(p.kind === 'notice' ? own : { ...own, signups: await signupsOf(db, own) })
      }
      return { publications }
    },
  )
}
