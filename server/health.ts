import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'degraded'], {
    description: 'degraded: HTTP works but the MQTT broker is unreachable.',
  }),
  uptimeSec: Type.Number(),
  broker: Type.Object({
    mode: Type.Enum(['embedded', 'external']),
    url: Type.String(),
    connected: Type.Boolean(),
    reconnects: Type.Integer(),
  }),
  store: Type.Object({
    ok: Type.Boolean(),
    journalSeq: Type.Integer({ description: 'Sequence number of the newest journal event.' }),
  }),
  sensors: Type.Object({
    devices: Type.Integer(),
    online: Type.Integer(),
    accepted: Type.Integer({ description: 'Messages accepted since start.' }),
    rejected: Type.Integer({ description: 'Messages rejected as invalid since start.' }),
    ignored: Type.Integer({ description: 'Messages for zigbee2mqtt devices the config does not map.' }),
    unregistered: Type.Integer(),
    unregisteredDropped: Type.Integer({ description: 'Messages from unknown ids past the cap.' }),
  }),
})

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const started = Date.now()
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Is the hub up, with broker and store status',
        tags: ['hub'],
        response: { 200: HealthSchema },
      },
    },
    async () => {
      const c = app.mqtt.connection
      const devices = app.sensors.devices()
      return {
        status: c.connected ? ('ok' as const) : ('degraded' as const),
        uptimeSec: Math.round((Date.now() - started) / 1000),
        broker: { mode: app.mqtt.mode, url: app.mqtt.url, connected: c.connected, reconnects: c.reconnects },
        store: { ok: true, journalSeq: app.store.journal.lastSeq },
        sensors: {
          devices: devices.length,
          online: devices.filter((d) => d.online).length,
          ...app.sensors.stats,
          unregistered: app.sensors.unregistered().length,
        },
      }
    },
  )
}
