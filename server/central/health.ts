import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Central } from './app.js'

const HealthReply = Type.Object(
  {
    status: Type.Enum(['ok', 'degraded'], {
      description: 'degraded: the broker or the database is unreachable',
    }),
    role: Type.Literal('central'),
    broker: Type.Object({
      mode: Type.Enum(['embedded', 'external']),
      url: Type.String(),
      connected: Type.Boolean(),
      reconnects: Type.Integer(),
    }),
    database: Type.Object({ kind: Type.String(), where: Type.String(), ok: Type.Boolean() }),
    stations: Type.Object({ registered: Type.Integer(), online: Type.Integer() }),
    ingest: Type.Object(
      {},
      { additionalProperties: true, description: 'What this instance did since start' },
    ),
  },
  { additionalProperties: false },
)

export const healthRoutes: FastifyPluginAsyncTypebox<{ central: Central }> = async (app, { central }) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public', scope: 'none' },
      schema: {
        summary: 'Is this central instance well: broker, database, counts, refusals',
        tags: ['health'],
        response: { 200: HealthReply },
      },
    },
    async () => {
      const counts = await central.db
        .query<{ registered: number; online: number }>(
          `SELECT count(*)::int AS registered, count(*) FILTER (WHERE online AND revoked_at IS NULL)::int AS online
           FROM stations`,
        )
        .catch(() => null)
      const connected = central.consumer.connected()
      return {
        status: connected && counts ? ('ok' as const) : ('degraded' as const),
        role: 'central' as const,
        broker: {
          mode: central.broker ? ('embedded' as const) : ('external' as const),
          url: central.brokerUrl.replace(/\/\/[^@/]*@/, '//'),
          connected,
          reconnects: central.consumer.reconnects(),
        },
        database: { kind: central.db.kind, where: central.db.where, ok: counts !== null },
        stations: counts?.rows[0] ?? { registered: 0, online: 0 },
        ingest: central.ingest.stats.toJSON(),
      }
    },
  )
}
