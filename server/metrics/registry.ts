import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import { AuthErrors } from '../auth/errors.js'

/**
 * /metrics in the Prometheus text format, for the people who run the servers (docs/district.md, "Metrics"),
 * on the station hub and on the central service alike: prom-client's registries, one per app (never the
 * process-wide default, so a hub and a central service in one process, as in the tests, keep theirs
 * apart), with Node's own metrics (event-loop lag, memory, CPU, handles) beside the app's.
 */
export const newRegistry = () => new Registry()

/**
 * Node's metrics, once per process: they are the process's, and prom-client's event-loop monitor, once
 * started, runs for the life of the process (a hub built and closed a hundred times in a test run starts
 * it once).
 */
let processRegistry: Registry | null = null
function nodeMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 })
  }
  return processRegistry
}

/**
 * A counter whose value is a running count the app keeps anyway (accepted readings, stored events): read at
 * each scrape, and raised by what it grew since the last. A count that went down (a restart of its owner)
 * is taken as the start of a new run.
 */
export function counterFrom(registry: Registry, name: string, help: string, read: () => number): Counter {
  let last = 0
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = read()
      if (now > last) this.inc(now - last)
      last = now
    },
  })
}

/** A gauge set at each scrape from `read` (sync or async). */
export function gaugeFrom(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Promise<number>,
): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read())
    },
  })
}

const LOCAL = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export interface MetricsAccess {
  /** A bearer token a scraper sends; null: none is taken. */
  token: string | null
  /** Requests from this computer read without a token. */
  fromLocalhost: boolean
}

function tokenMatches(req: FastifyRequest, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  if (!m) return false
  const given = Buffer.from(m[1] as string)
  const want = Buffer.from(token)
  return given.length === want.length && timingSafeEqual(given, want)
}

/**
 * GET /metrics: from this computer when `fromLocalhost`, with the token when there is one, or for any
 * logged-in account (a person looking from the console's browser). Otherwise 401 (a wrong token: 403).
 * Outside /api/, so the access and scope rules do not require it; it declares them all the same.
 */
export function metricsRoute(app: FastifyInstance, registry: Registry, access: MetricsAccess): void {
  app.get(
    '/metrics',
    {
      config: { access: 'public', scope: 'none' },
      schema: {
        summary: 'Prometheus metrics (text format): readings, check-ins, uplink, alerts, event loop, store',
        tags: ['health'],
        produces: [registry.contentType],
      },
    },
    async (req, reply) => {
      const local = access.fromLocalhost && LOCAL.has(req.ip)
      const token = access.token !== null && tokenMatches(req, access.token)
      if (!local && !token && !req.user) {
        if (req.headers.authorization) throw new AuthErrors.FORBIDDEN()
        throw new AuthErrors.LOGIN_REQUIRED()
      }
      const text = `${await nodeMetrics().metrics()}\n${await registry.metrics()}`
      return reply.type(registry.contentType).header('cache-control', 'no-store').send(text)
    },
  )
}
