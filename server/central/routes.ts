import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import { useStrictValidation } from '../http/validation.js'
import { audit } from './audit.js'
import type { Db } from './db/db.js'
import { CentralErrors } from './errors.js'
import { figuresOf } from './figures.js'
import { isDay } from './periods.js'
import { alertList, stationSummaries } from './queries.js'
import { type Registry, RegistryError } from './registry.js'
import {
  AlertsQuery,
  AlertsReply,
  CredentialsReply,
  DistrictFiguresQuery,
  FiguresQuery,
  FiguresReply,
  NewStationBody,
  StationDetailReply,
  StationIdParams,
  StationsReply,
} from './schemas.js'
import { withinScope } from './scope/scope.js'
import { stationDetail } from './station-detail.js'

export interface CentralRouteDeps {
  db: Db
  registry: Registry
  clock: Clock
}

const checkDate = (date?: string) => {
  if (date !== undefined && !isDay(date)) throw new CentralErrors.BAD_DATE()
}

/** The district's HTTP API (docs/central.md). Staff read; a manager registers and revokes stations. */
export const centralRoutes: FastifyPluginAsyncTypebox<CentralRouteDeps> = async (
  app,
  { db, registry, clock },
) => {
  useStrictValidation(app)
  const tags = ['district']

  app.get(
    '/api/stations',
    {
      config: { access: 'staff', scope: 'filtered' },
      schema: {
        summary: 'Every station of the district at a glance (those of your scope)',
        tags,
        response: { 200: StationsReply },
      },
    },
    async (req) => ({ stations: withinScope(req.scope, await stationSummaries(db, clock.now())) }),
  )

  app.get(
    '/api/stations/:id',
    {
      config: { access: 'staff', scope: 'station' },
      schema: {
        summary: "A station's latest picture: devices, open alerts, stock, today's figures",
        tags,
        params: StationIdParams,
        response: { 200: StationDetailReply },
      },
    },
    async (req) => {
      const detail = await stationDetail(db, req.params.id, clock.now())
      if (!detail) throw new CentralErrors.STATION_NOT_FOUND(req.params.id)
      return detail
    },
  )

  app.get(
    '/api/stations/:id/figures',
    {
      config: { access: 'staff', scope: 'station' },
      schema: {
        summary: 'Check-in, screening and help figures of a day, week or month (station time)',
        tags,
        params: StationIdParams,
        querystring: FiguresQuery,
        response: { 200: FiguresReply },
      },
    },
    async (req) => {
      checkDate(req.query.date)
      const s = await registry.get(req.params.id)
      if (!s) throw new CentralErrors.STATION_NOT_FOUND(req.params.id)
      return figuresOf(db, [s], req.query.period ?? 'day', clock.now(), req.query.date)
    },
  )

  app.get(
    '/api/figures',
    {
      config: { access: 'staff', scope: 'filtered' },
      schema: {
        summary: "The district's figures: every station's summed (or a street's, a community's)",
        tags,
        querystring: DistrictFiguresQuery,
        response: { 200: FiguresReply },
      },
    },
    async (req) => {
      checkDate(req.query.date)
      await registry.refresh()
      const stations = withinScope(req.scope, registry.cached())
        .filter((s) => req.query.street === undefined || s.street === req.query.street)
        .filter((s) => req.query.community === undefined || s.community === req.query.community)
      return figuresOf(db, stations, req.query.period ?? 'day', clock.now(), req.query.date)
    },
  )

  app.get(
    '/api/alerts',
    {
      config: { access: 'staff', scope: 'filtered' },
      schema: {
        summary: 'Alerts across the district (your scope), the most urgent first',
        tags,
        querystring: AlertsQuery,
        response: { 200: AlertsReply },
      },
    },
    async (req) => {
      await registry.refresh()
      const q = req.query
      const stations = withinScope(req.scope, registry.cached())
        .filter((s) => q.street === undefined || s.street === q.street)
        .filter((s) => q.station === undefined || s.id === q.station)
        .map((s) => s.id)
      return {
        alerts: await alertList(db, {
          open: (q.state ?? 'open') === 'open',
          stations,
          severity: q.severity,
          type: q.type,
          escalated: q.escalated,
          limit: q.limit ?? 200,
        }),
      }
    },
  )

  app.post(
    '/api/stations',
    {
      config: { access: 'manager', scope: 'admin' },
      schema: {
        summary: 'Register a station; answers its uplink password, once (the district administrator)',
        tags,
        body: NewStationBody,
        response: { 201: CredentialsReply },
      },
    },
    async (req, reply) => {
      try {
        const { station, password } = await registry.add(req.body)
        await audit(db, clock.now(), req.user?.name ?? '?', 'station.add', station.id, {
          name: station.name,
          street: station.street,
          community: station.community,
        })
        return reply.status(201).send({ station, uplink: { username: station.id, password } })
      } catch (err) {
        if (err instanceof RegistryError && err.reason === 'exists')
          throw new CentralErrors.STATION_EXISTS(req.body.id)
        if (err instanceof RegistryError) throw new CentralErrors.BAD_STATION(err.message)
        throw err
      }
    },
  )

  app.post(
    '/api/stations/:id/revoke',
    {
      config: { access: 'manager', scope: 'admin' },
      schema: {
        summary: "Revoke a station's uplink: what it sends is refused from now on",
        tags,
        params: StationIdParams,
        response: { 200: Type.Object({ station: Type.Object({}, { additionalProperties: true }) }) },
      },
    },
    async (req) => {
      try {
        const station = await registry.revoke(req.params.id)
        await audit(db, clock.now(), req.user?.name ?? '?', 'station.revoke', station.id)
        return { station }
      } catch (err) {
        if (err instanceof RegistryError) throw new CentralErrors.STATION_NOT_FOUND(req.params.id)
        throw err
      }
    },
  )
}
