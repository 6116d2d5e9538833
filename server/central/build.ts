import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyServerOptions, LogController } from 'fastify'
import { type CentralOptions, centralPlugin } from './app.js'

/** Builds the central service: the one place of the central role that calls Fastify() (launcher and tests). */
export async function buildCentral(opts: CentralOptions, server: FastifyServerOptions = {}) {
  const fastify = Fastify({
    logger: {
      level: process.env.LOG_LEVEL ?? 'info',
      ...(process.stdout.isTTY
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
        : {}),
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // A first start of the embedded database (PGlite) runs initdb in WebAssembly: seconds on a small box.
    pluginTimeout: 120_000,
    logController: new LogController({ disableRequestLogging: true }),
    ...server,
  }).withTypeProvider<TypeBoxTypeProvider>()
  await fastify.register(centralPlugin, opts)
  await fastify.ready()
  return fastify
}

export type CentralServer = Awaited<ReturnType<typeof buildCentral>>
