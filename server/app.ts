import { existsSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { alertsPlugin } from './alerts/plugin.js'
import { authPlugin } from './auth/plugin.js'
import { EventBus } from './bus/bus.js'
import type { Clock } from './clock.js'
import { coldChainPlugin } from './coldchain/plugin.js'
import type { Config } from './config/schema.js'
import { couriersPlugin } from './couriers/plugin.js'
import { Errors, VALIDATION_CODE } from './errors.js'
import { healthRoutes } from './health.js'
import { helpPlugin } from './help/plugin.js'
import { guardOrigins } from './http/origin.js'
import { kioskPlugin } from './kiosk/plugin.js'
import { livePlugin } from './live/plugin.js'
import { lockersPlugin } from './lockers/plugin.js'
import { metricsPlugin } from './metrics/plugin.js'
import { mqttPlugin } from './mqtt/plugin.js'
import { noticesPlugin } from './notices/plugin.js'
import { notifyPlugin } from './notify/plugin.js'
import { privacyPlugin } from './privacy/plugin.js'
import { screeningsPlugin } from './screenings/plugin.js'
import { sensorsPlugin } from './sensors/plugin.js'
import { staticPages } from './static-pages.js'
import { stockPlugin } from './stock/plugin.js'
import { StorageError } from './store/errors.js'
import { storePlugin } from './store/plugin.js'
import { StationTime } from './time/station-time.js'
import { uplinkPlugin } from './uplink/plugin.js'

declare module 'fastify' {
  interface FastifyInstance {
    bus: EventBus
    config: Config
    /** The station's calendar: "today", "this month", expiry days, history days (station.timeZone). */
    time: StationTime
  }
}

export interface AppOptions {
  config: Config
  clock: Clock
  /** Folder of the built kiosk (vite build output); served at /. */
  kioskDir?: string
}

const here = dirname(fileURLToPath(import.meta.url))

/** The built kiosk, whether running from server/ (tsx, tests) or dist/server/ (npm start). */
export function defaultKioskDir(): string {
  for (const candidate of [join(here, '../kiosk'), join(here, '../dist/kiosk')])
    if (existsSync(join(candidate, 'index.html'))) return candidate
  return join(here, '../dist/kiosk')
}

/** The station hub as one plugin: external wrappers first, then the app's own features, then routes. */
async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  const { config, clock } = opts
  fastify.decorate('config', config)
  fastify.decorate('time', new StationTime(config.station.timeZone))
  fastify.decorate(
    'bus',
    new EventBus((err, event) => fastify.log.error({ err, event }, 'event listener failed')),
  )

  await fastify.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Red Station Hub API',
        version: '0.1.0',
        description:
          'The HTTP API of one station hub. Live changes are pushed over socket.io (docs/http-api.md).',
      },
    },
  })
  await fastify.register(fastifySwaggerUi, { routePrefix: '/docs' })

  fastify.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      return reply
        .status(400)
        .send({ statusCode: 400, code: VALIDATION_CODE, error: 'Bad Request', message: err.message })
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500
    // A full or failing disk is the station's state, not an internal error: said as it is, with when to retry.
    if (err instanceof StorageError) {
      req.log.warn({ err }, 'a write could not be stored')
      return reply.status(503).header('retry-after', err.retryAfterSec).send({
        statusCode: 503,
        code: err.code,
        error: 'Service Unavailable',
        message: err.message,
      })
    }
    if (status >= 500) {
      req.log.error({ err }, 'request failed')
      return reply.status(status).send({
        statusCode: status,
        code: 'HUB_ERR_INTERNAL',
        error: 'Internal Server Error',
        message: 'Something went wrong in the hub; it has been logged.',
      })
    }
    // An answer that says when to try again (HUB_ERR_TOO_MANY_TRIES) says it in the standard header too.
    const retryAfter = (err as { retryAfterSec?: unknown }).retryAfterSec
    if (typeof retryAfter === 'number') reply.header('retry-after', retryAfter)
    // `error` is the status text ('Conflict'), as Fastify's own answers have it, not the class name.
    reply.status(status).send({
      statusCode: status,
      code: err.code,
      error: STATUS_CODES[status] ?? err.name,
      message: err.message,
    })
  })
  fastify.setNotFoundHandler((req, reply) => {
    const err = new Errors.NOT_FOUND(req.method, req.url.split('?')[0])
    reply.status(404).send({ statusCode: 404, code: err.code, error: 'Not Found', message: err.message })
  })

  // Writes from another site's pages are refused before anything else looks at them (server/http/origin.ts).
  guardOrigins(fastify, config.http.allowedOrigins)
  await fastify.register(storePlugin, { config, clock })
  // Before any route: its onRoute hook guards every route by `config.access` and refuses an /api/ route
  // that declares none, so a new route cannot go out unprotected.
  await fastify.register(authPlugin, {
    store: fastify.store,
    clock,
    users: config.users,
    allowedOrigins: config.http.allowedOrigins,
  })
  await fastify.register(sensorsPlugin, { config, clock })
  // The courier kiosk: privacy (the phone-hash key) and the rate limiter first, then the features using them.
  await fastify.register(privacyPlugin)
  await fastify.register(kioskPlugin, { config, clock })
  await fastify.register(noticesPlugin, { config, clock })
  await fastify.register(couriersPlugin, { config, clock })
  await fastify.register(screeningsPlugin, { config, clock })
  await fastify.register(helpPlugin, { config, clock })
  await fastify.register(alertsPlugin, { config, clock })
  await fastify.register(notifyPlugin, { config, clock })
  await fastify.register(stockPlugin, { config, clock })
  await fastify.register(coldChainPlugin, { config, clock })
  await fastify.register(lockersPlugin, { config, clock })
  await fastify.register(uplinkPlugin, { config, clock })
  await fastify.register(mqttPlugin, { config, clock })
  await fastify.register(livePlugin, {
    stationId: config.station.id,
    stationName: config.station.name,
    clock,
  })
  await fastify.register(healthRoutes)
  await fastify.register(metricsPlugin, { config, clock })

  const kioskDir = opts.kioskDir ?? defaultKioskDir()
  if (existsSync(kioskDir)) await staticPages(fastify, kioskDir)
  else fastify.log.warn(`no built kiosk at ${kioskDir}; run npm run build`)

  // Each feature stops its own timers and listeners in its own onClose. Fastify runs them in reverse order
  // of registration: MQTT (registered late) stops taking messages first, features write what they hold,
  // and the store (registered first) closes the files last.
}

export default fp(app, { name: 'red-station-hub' })
