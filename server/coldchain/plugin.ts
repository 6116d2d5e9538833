import { join } from 'node:path'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { sendCsv } from '../csv.js'
import { Errors } from '../errors.js'
import { useStrictValidation } from '../http/validation.js'
import { openStateDb } from '../store/durable-file.js'
import { dailyRanges, excursions, recordRows } from './record.js'
import { ActionAnswer, ColdChainRecord } from './schemas.js'

const DAY = 86_400_000
const Params = Type.Object({ deviceId: Type.String({ maxLength: 64 }) })
const Days = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 400 })) })

/**
 * The cold-chain record of each fridge, as food-safety and vaccine cold-chain practice keep it: daily
 * minimum and maximum, and an excursion log (start, end, peak, duration, the corrective action taken).
 */
const routes: FastifyPluginAsyncTypebox<{ config: Config; clock: Clock }> = async (
  app,
  { config, clock },
) => {
  useStrictValidation(app)
  const actions = await openStateDb<Record<string, { action: string; by: string; at: string }>>(
    join(config.store.dataDir, 'coldchain.json'),
    {},
  )
  const fridge = (id: string) => {
    const d = app.sensors.device(id)
    if (d?.kind !== 'temperature') throw new Errors.DEVICE_NOT_FOUND(id)
    return d
  }
  const record = async (id: string, days = 30) => {
    const d = fridge(id)
    const to = clock.now()
    const from = to - (days - 1) * DAY
    const points = await app.store.history.query(id, from - (from % DAY), to)
    const alerts = (await app.alerts.history({ from: from - 30 * DAY, to, limit: 5000 })).filter(
      (a) => a.subject === id,
    )
    const profile = config.devices.find((x) => x.id === id)?.profile ?? 'food'
    return {
      deviceId: id,
      name: d.name,
      profile,
      days: dailyRanges(points, from, to),
      excursions: excursions(alerts, actions.data, to),
    }
  }

  app.get(
    '/api/manage/coldchain/:deviceId',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Cold-chain record of a fridge',
        tags: ['coldchain'],
        params: Params,
        querystring: Days,
        response: { 200: ColdChainRecord },
      },
    },
    async (req) => record(req.params.deviceId, req.query.days),
  )
  app.get(
    '/api/manage/coldchain/:deviceId/export.csv',
    {
      config: { access: 'staff' },
      schema: { summary: 'The record as CSV', tags: ['coldchain'], params: Params, querystring: Days },
    },
    async (req, reply) => {
      const r = await record(req.params.deviceId, req.query.days)
      return sendCsv(reply, `coldchain-${r.deviceId}.csv`, recordRows(r.name, r.days, r.excursions))
    },
  )
  app.post(
    '/api/manage/coldchain/:deviceId/excursions/:id/action',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Write down the corrective action taken for an excursion',
        tags: ['coldchain'],
        params: Type.Object({ deviceId: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 80 }) }),
        body: Type.Object(
          { action: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: ActionAnswer },
      },
    },
    async (req) => {
      const r = await record(req.params.deviceId, 400)
      const found = r.excursions.find((e) => e.id === req.params.id)
      if (!found) throw new Errors.EXCURSION_NOT_FOUND(req.params.id)
      const entry = {
        action: req.body.action.trim(),
        by: req.user?.name ?? '?',
        at: new Date(clock.now()).toISOString(),
      }
      await app.store.journal.append('coldchain.action', {
        deviceId: r.deviceId,
        excursion: found.id,
        ...entry,
      })
      actions.data[found.id] = entry
      await actions.write()
      return { excursion: { ...found, action: entry.action, actionBy: entry.by } }
    },
  )
}

export const coldChainPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    await app.register(routes, opts)
  },
  { name: 'coldchain', dependencies: ['store', 'sensors', 'alerts', 'auth'] },
)
