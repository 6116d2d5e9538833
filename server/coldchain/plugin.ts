import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { shiftDay } from '../couriers/figures.js'
import { sendCsv } from '../csv.js'
import { Errors } from '../errors.js'
import { useStrictValidation } from '../http/validation.js'
import type { Doc, DocSpec } from '../store/document.js'
import { FILES } from '../store/files.js'
import { dailyRanges, excursions, recordRows } from './record.js'
import { ActionAnswer, ColdChainRecord } from './schemas.js'

const DAY = 86_400_000

interface ActionsData {
  version: 1
  /** By excursion (alert) id. */
  actions: Record<string, { action: string; by: string; at: string }>
}

/** `coldchain.json`: the corrective action written for each excursion. */
const ACTIONS_DOC: DocSpec<ActionsData> = {
  file: FILES.coldchain,
  schema: Type.Object({
    version: Type.Literal(1),
    actions: Type.Record(
      Type.String(),
      Type.Object({ action: Type.String(), by: Type.String(), at: Type.String() }),
    ),
  }),
  initial: () => ({ version: 1, actions: {} }),
  // Format 1 kept the actions at the top level.
  migrate: (raw) => ('version' in (raw as object) ? raw : { version: 1, actions: raw }),
}
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
  const actions = await app.store.document(ACTIONS_DOC)
  const fridge = (id: string) => {
    const d = app.sensors.device(id)
    if (d?.kind !== 'temperature') throw new Errors.DEVICE_NOT_FOUND(id)
    return d
  }
  const record = async (id: string, days = 30) => {
    const d = fridge(id)
    const to = clock.now()
    const today = app.time.day(to)
    const dates = Array.from({ length: days }, (_, i) => shiftDay(today, i - days + 1))
    const from = app.time.dayStart(dates[0] as string) as number
    const points = await app.store.history.query(id, from, to)
    const alerts = (await app.alerts.history({ from: from - 30 * DAY, to, limit: 5000 })).filter(
      (a) => a.subject === id,
    )
    const profile = config.devices.find((x) => x.id === id)?.profile ?? 'food'
    return {
      deviceId: id,
      name: d.name,
      profile,
      days: dailyRanges(points, dates, app.time),
      excursions: excursions(alerts, actions.data.actions, to),
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
      return sendCsv(reply, `coldchain-${r.deviceId}.csv`, recordRows(r.name, r.days, r.excursions, app.time))
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
      const before = actions.data.actions[found.id]
      await app.store.commit((tx) => {
        actions.data.actions[found.id] = entry
        tx.write(actions as Doc<unknown>)
        tx.append('coldchain.action', { deviceId: r.deviceId, excursion: found.id, ...entry })
        tx.undo(() => {
          if (before) actions.data.actions[found.id] = before
          else delete actions.data.actions[found.id]
        })
      })
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
