import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyServerOptions, LogController } from 'fastify'
import app, { type AppOptions } from './app.js'
import { httpServerOptions } from './http/server-options.js'

/** Builds the hub: the one place that calls Fastify(). The launcher and the tests both use it. */
export async function buildHub(opts: AppOptions, server: FastifyServerOptions = {}) {
  const fastify = Fastify({
    logger: {
      level: process.env.LOG_LEVEL ?? 'info',
      // People at a terminal get readable lines; systemd/journald and files get JSON, one event per line.
      ...(process.stdout.isTTY
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
        : {}),
    },
    // Requests on a closing hub get 503 rather than a dropped connection.
    return503OnClosing: true,
    // The first start after an upgrade from a release without snapshots replays the whole journal in the
    // store's onReady: a year of data takes longer than Fastify's 10 s default. A plugin that truly hangs
    // is still stopped, after 10 minutes (and systemd's TimeoutStartSec, deploy/systemd/, comes first).
    pluginTimeout: 600_000,
    forceCloseConnections: 'idle',
    // A kiosk and a few phones make every request routine; log errors, not traffic (the SD card thanks us).
    logController: new LogController({ disableRequestLogging: true }),
    // Timeouts for slow senders, and whether to believe a reverse proxy (server/http/server-options.ts).
    ...httpServerOptions(opts.config.http),
    ...server,
  }).withTypeProvider<TypeBoxTypeProvider>()
  try {
    await fastify.register(app, opts)
    await fastify.ready()
  } catch (err) {
    // A hub that cannot start closes what it opened (the broker's port, the store's files) before saying why.
    await fastify.close().catch(() => {})
    throw err
  }
  return fastify
}

export type Hub = Awaited<ReturnType<typeof buildHub>>
