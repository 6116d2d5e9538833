import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { Errors } from '../errors.js'
import { queryInstant } from '../http/dates.js'
import {
  DeviceStateSchema,
  HistoryQuerySchema,
  HistorySchema,
  ReadingSchema,
  StateSchema,
  UnregisteredSchema,
} from './schemas.js'

const DAY = 86_400_000
const MAX_RANGE = 400 * DAY

export const sensorRoutes: FastifyPluginAsyncTypebox<{ config: Config; clock: Clock }> = async (
  app,
  { config, clock },
) => {
  app.addSchema(ReadingSchema)
  app.addSchema(DeviceStateSchema)
  app.addSchema(UnregisteredSchema)
  app.addSchema(StateSchema)

  app.get(
    '/api/state',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Every device of the station with its live state',
        tags: ['devices'],
        response: { 200: Type.Ref('State') },
      },
    },
    async () => ({
      station: { id: config.station.id, name: config.station.name },
      devices: app.sensors.devices(),
      unregistered: app.sensors.unregistered(),
    }),
  )

  app.get(
    '/api/devices/:id/history',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Readings of one device over a time range (old data comes downsampled)',
        tags: ['devices'],
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: HistoryQuerySchema,
        response: { 200: HistorySchema },
      },
    },
    async (req) => {
      const device = app.sensors.device(req.params.id)
      if (!device) throw new Errors.DEVICE_NOT_FOUND(req.params.id)
      const to = queryInstant('to', req.query.to, clock.now())
      const from = queryInstant('from', req.query.from, to - DAY)
      if (from >= to) throw new Errors.BAD_RANGE('from must be before to')
      if (to - from > MAX_RANGE) throw new Errors.BAD_RANGE('at most 400 days at a time')
      const points = await app.store.history.query(device.id, from, to)
      return {
        id: device.id,
        kind: device.kind,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        points,
      }
    },
  )
}
