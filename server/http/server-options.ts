import type { Server } from 'node:http'
import type { FastifyHttpOptions } from 'fastify'
import type { Config } from '../config/schema.js'

/**
 * How long a client may take, for Fastify and Node's HTTP server. Node's own defaults let a request take
 * for ever (requestTimeout 0 in Fastify) and check only every 30 s: 500 connections trickling a body byte
 * every 10 s were all still open after 200 s.
 */
export const HEADERS_TIMEOUT_MS = 10_000
/** Idle keep-alive connections are closed after this; browsers reconnect without a sound. */
export const KEEP_ALIVE_TIMEOUT_MS = 10_000
/** A socket with no traffic at all for this long is closed. Longer than socket.io's ping (25 s + 20 s). */
export const IDLE_SOCKET_MS = 60_000
/** How often Node looks for requests past their time. */
const CHECK_EVERY_MS = 1000

export function httpServerOptions(http: Config['http']): FastifyHttpOptions<Server> {
  const requestTimeout = http.requestTimeoutSec * 1000
  return {
    requestTimeout,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeout: IDLE_SOCKET_MS,
    http: {
      requestTimeout,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
      connectionsCheckingInterval: CHECK_EVERY_MS,
    },
    trustProxy: http.trustProxy,
  }
}
