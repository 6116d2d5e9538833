import { join } from 'node:path'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { authPlugin, type ConfigUser } from '../auth/plugin.js'
import type { Clock } from '../clock.js'
import { openDocStore } from '../store/doc-store.js'
import { type CentralBroker, startCentralBroker } from './broker.js'
import { DistrictActions } from './commands/actions.js'
import { commandRoutes } from './commands/routes.js'
import { Commands } from './commands/service.js'
import { type Consumer, startConsumer } from './consumer.js'
import { dailyRoutes } from './daily.js'
import type { Db } from './db/db.js'
import { openDatabase } from './db/open.js'
import { useCentralErrors } from './errors.js'
import { escalate } from './escalation/escalate.js'
import { DistrictOutbox } from './escalation/outbox.js'
import { healthRoutes } from './health.js'
import { Ingest } from './ingest/service.js'
import { type DistrictLive, startDistrictLive } from './live/live.js'
import { centralMetrics } from './metrics.js'
import { pagesPlugin } from './pages.js'
import { Registry, SERVICE_LOGIN } from './registry.js'
import { reportRoutes } from './reports/routes.js'
import { centralRoutes } from './routes.js'
import { scopeGuard } from './scope/guard.js'
import { scopeRoutes } from './scope/routes.js'
import { ScopeStore } from './scope/scope-store.js'
import { type DistrictSettings, defaultSettings } from './settings.js'

/** How often alerts are checked for escalation and the district's outbox is tried. */
export const ESCALATION_CHECK_MS = 15_000

export interface CentralOptions {
  clock: Clock
  /** users.json and sessions.json of the staff accounts, and the embedded database in `db/`. */
  dataDir: string
  /** postgres://… ; null: PGlite in `<dataDir>/db` (or in memory when `memoryDb`). */
  dbUrl: string | null
  memoryDb?: boolean
  mqtt: {
    /** An external broker (mqtt:// or mqtts://); null: the embedded one on `embedded`. */
    url: string | null
    embedded: { host: string; port: number }
    username?: string
    password?: string
    caFile?: string | null
    /** Shared-subscription group on an external broker. */
    group: string
  }
  /** Staff accounts fixed at start (the demo's), besides users.json. */
  users?: ConfigUser[]
  registryRefreshMs?: number
  /** The district's settings (name, escalation, metrics, reports); defaults without a --config file. */
  settings?: DistrictSettings
  /** The built pages (dist/kiosk); the district page is district.html there. Default: found beside the code. */
  pagesDir?: string
}

export interface Central {
  db: Db
  registry: Registry
  ingest: Ingest
  broker: CentralBroker | null
  consumer: Consumer
  brokerUrl: string
  scopes: ScopeStore
  commands: Commands
  outbox: DistrictOutbox
  /** One escalation pass now (tests; the service runs one every ESCALATION_CHECK_MS). */
  escalate(): Promise<void>
  actions: DistrictActions
  settings: DistrictSettings
}

declare module 'fastify' {
  interface FastifyInstance {
    central: Central
  }
}

/** The central service as one plugin: database, registry, broker and consumer, then the HTTP API. */
async function centralApp(app: FastifyInstance, opts: CentralOptions): Promise<void> {
  const { clock } = opts
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Red Station Hub: central service',
        version: '0.1.0',
        description:
          "The district's API: every station's state and figures, from their uplinks (docs/central.md).",
      },
    },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' })
  useCentralErrors(app)

  const db = await openDatabase({
    url: opts.dbUrl,
    dataDir: opts.memoryDb ? null : join(opts.dataDir, 'db'),
  })
  app.log.info(`database: ${db.kind} (${db.where})`)
  const registry = await Registry.open(db, opts.registryRefreshMs)
  let consumer: Consumer | null = null
  const ingest = new Ingest({
    db,
    registry,
    clock,
    log: app.log,
    publish: async (topic, payload) => {
      if (!consumer) throw new Error('not connected yet')
      await consumer.client.publishAsync(topic, payload, { qos: 1 })
    },
  })
  let broker: CentralBroker | null = null
  try {
    if (!opts.mqtt.url)
      broker = await startCentralBroker({ ...opts.mqtt.embedded, registry, stats: ingest.stats })
    consumer = await startConsumer({
      url: opts.mqtt.url ?? (broker as CentralBroker).url,
      username: broker ? broker.serviceLogin.username : (opts.mqtt.username ?? SERVICE_LOGIN),
      password: broker ? broker.serviceLogin.password : (opts.mqtt.password ?? ''),
      caFile: opts.mqtt.caFile,
      group: broker ? null : opts.mqtt.group,
      ingest,
      log: app.log,
    })
  } catch (err) {
    await broker?.close()
    registry.close()
    await db.close()
    const e = err as NodeJS.ErrnoException
    if (e.code === 'EADDRINUSE')
      throw new Error(`MQTT port ${opts.mqtt.embedded.port} is already in use (--mqtt-port)`)
    throw err
  }
  const settings = opts.settings ?? defaultSettings()
  const scopes = new ScopeStore(db, () => clock.now())
  const commands = new Commands({
    db,
    clock,
    log: app.log,
    publish: (topic, payload) => consumer.client.publishAsync(topic, payload, { qos: 1 }).then(() => {}),
  })
  let live: DistrictLive | null = null
  const actions = new DistrictActions({
    db,
    registry,
    commands,
    clock,
    touch: (station) => live?.touch(station),
  })
  const central: Central = {
    db,
    registry,
    ingest,
    broker,
    consumer,
    brokerUrl: opts.mqtt.url ?? (broker as CentralBroker).url,
    scopes,
    commands,
    actions,
    settings,
    get outbox() {
      return outbox
    },
    escalate: () => escalation(),
  }
  app.decorate('central', central)
  // A station that (re)connects has lost whatever was sent while it was away: its pending commands again.
  const offBirth = ingest.onChange((c) => {
    if (c.kind === 'birth')
      commands.resend(c.station).catch((err) => app.log.error({ err }, 'commands: re-send failed'))
  })
  const sweep = clock.setInterval(
    () => void commands.sweep().catch((err) => app.log.error({ err }, 'commands: sweep failed')),
    60_000,
  )
  // Alerts left unacknowledged at their station past escalation.afterMin: highlighted, and to the
  // district's groups through the outbox (escalation/).
  const outbox = new DistrictOutbox(db, clock, settings.escalation.webhooks, app.log)
  const escalation = async () => {
    const stations = await escalate(db, clock, settings.escalation)
    for (const s of stations) live?.touch(s)
    await outbox.pump()
  }
  const escalating = clock.setInterval(
    () => void escalation().catch((err) => app.log.error({ err }, 'escalation: pass failed')),
    ESCALATION_CHECK_MS,
  )

  // Before any route: every /api route declares its access (server/auth/README.md).
  // Accounts and sessions in the service's own folder, through the store's documents (as on a station).
  const files = await openDocStore(opts.dataDir, clock, app.log)
  await app.register(authPlugin, { store: files, clock, users: opts.users })
  // Then every district route declares its scope too (scope/guard.ts): a street's staff see their street.
  scopeGuard(app, { scopes, registry })
  await app.register(centralRoutes, { db, registry, clock })
  await app.register(dailyRoutes, { db, registry, clock })
  await app.register(scopeRoutes, { db, registry, scopes, clock, districtName: settings.district.name })
  await app.register(commandRoutes, { db, registry, actions })
  await app.register(reportRoutes, {
    db,
    registry,
    clock,
    district: settings.district.name,
    chromium: settings.reports.chromium,
  })
  await app.register(healthRoutes, { central })
  centralMetrics(app, central)
  await app.register(pagesPlugin, { dir: opts.pagesDir })
  live = await startDistrictLive(app, { db, ingest, scopes, registry, clock })
  const liveNow = live
  // Sockets hold their connections open: drop them before Fastify waits for connections to drain.
  app.addHook('preClose', () => liveNow.close())

  // Stop taking messages, finish those in hand (their acks go out), then close the broker and the database.
  app.addHook('onClose', async () => {
    offBirth()
    clock.clearInterval(sweep)
    clock.clearInterval(escalating)
    await outbox.pump().catch(() => {})
    await central.consumer.stopTaking()
    await ingest.idle()
    await central.consumer.close()
    await broker?.close()
    registry.close()
    await db.close()
    await files.close()
  })
}

export const centralPlugin = fp(centralApp, { name: 'red-station-central' })
