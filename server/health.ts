import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'degraded'], {
    description:
      'degraded: HTTP works, but the MQTT broker is unreachable, the disk is full, damage found in the data folder has not been seen by a manager yet, or a charging cabinet’s lock board does not answer.',
  }),
  uptimeSec: Type.Number(),
  broker: Type.Object({
    mode: Type.Enum(['embedded', 'external']),
    url: Type.String(),
    connected: Type.Boolean(),
    reconnects: Type.Integer(),
  }),
  store: Type.Object({
    ok: Type.Boolean({ description: 'false while the disk is full or damage awaits a manager.' }),
    journalSeq: Type.Integer({ description: 'Sequence number of the newest journal event.' }),
    snapshotSeq: Type.Integer({
      description: 'The journal event the newest snapshot holds everything up to.',
    }),
    damage: Type.Object(
      {
        unacknowledged: Type.Integer({ description: 'Damage found and not yet seen by a manager.' }),
        events: Type.Integer({ description: 'Journal events lost or skipped by it (estimated).' }),
        files: Type.Array(Type.String(), { description: 'The files concerned (kept, moved aside).' }),
      },
      { description: 'Damage found in the data folder (shown until a manager resolves its alert).' },
    ),
    disk: Type.Object({
      freeBytes: Type.Integer(),
      totalBytes: Type.Integer(),
      usedPercent: Type.Number(),
      full: Type.Boolean({ description: 'A write failed for lack of space and none has succeeded since.' }),
      low: Type.Boolean({ description: 'Used past store.diskAlertPercent.' }),
    }),
  }),
  lockers: Type.Object({
    configured: Type.Boolean({ description: 'The station has charging lockers (lockers.lockers).' }),
    problems: Type.Array(Type.String(), {
      description: 'Lock boards not answering, serial ports gone: their lockers are unavailable.',
    }),
  }),
  uplink: Type.Union(
    [
      Type.Object({
        state: Type.Enum(['connecting', 'online', 'offline', 'stopped']),
        since: Type.String({ format: 'date-time' }),
        url: Type.String(),
        cursor: Type.Integer({ description: 'The last journal event the district acknowledged.' }),
        backlog: Type.Integer({
          description: 'Journal events not yet acknowledged by the district (on disk).',
        }),
        lastAckAt: Type.Union([Type.String(), Type.Null()]),
        batches: Type.Integer(),
        resent: Type.Integer(),
        events: Type.Integer(),
        births: Type.Integer(),
        acks: Type.Integer(),
        rejected: Type.Integer(),
        ackNotSaved: Type.Integer({
          description:
            'Acks from the district the disk refused to record (kept in memory and written again; a restart before then resends those events, counted once).',
        }),
        sendErrors: Type.Integer({
          description:
            'Times sending failed (a journal read the disk refused, a damaged entry) and was tried again after a pause growing to a minute.',
        }),
      }),
      Type.Null(),
    ],
    { description: 'The uplink to the district, or null when it is not configured.' },
  ),
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
      const store = app.store.health()
      const lockers = { configured: app.lockers.configured, problems: app.lockers.problems() }
      const ok = c.connected && store.ok && lockers.problems.length === 0
      return {
        status: ok ? ('ok' as const) : ('degraded' as const),
        uptimeSec: Math.round((Date.now() - started) / 1000),
        broker: { mode: app.mqtt.mode, url: app.mqtt.url, connected: c.connected, reconnects: c.reconnects },
        store: {
          ok: store.ok,
          journalSeq: store.journalSeq,
          snapshotSeq: store.snapshotSeq,
          damage: store.damage,
          disk: store.disk,
        },
        lockers,
        uplink: app.uplink?.health() ?? null,
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
