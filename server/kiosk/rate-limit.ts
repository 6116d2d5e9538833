import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { Errors } from '../errors.js'

const WINDOW_MS = 60_000
/** Addresses remembered at once; a station sees a handful, so past this the oldest windows are dropped. */
const MAX_KEYS = 10_000

type Incr = (err: Error | null, res: { current: number; ttl: number }) => void

/**
 * One fixed one-minute window per client address, shared by every kiosk write route: the plugin's own
 * store gives each route its own count, so a client could make `rateLimitPerMin` requests on each of five
 * routes. `child()` returns the same store to keep one budget.
 */
function sharedStore(clock: Clock) {
  const windows = new Map<string, { count: number; start: number }>()
  return class SharedWindowStore {
    // The plugin passes the route's window as a third argument (its typings leave it out).
    incr(key: string, cb: Incr, timeWindow = WINDOW_MS) {
      const now = clock.now()
      let w = windows.get(key)
      if (!w || w.start + timeWindow <= now) {
        if (!w && windows.size >= MAX_KEYS) windows.delete(windows.keys().next().value as string)
        w = { count: 0, start: now }
        windows.set(key, w)
      }
      w.count++
      cb(null, { current: w.count, ttl: w.start + timeWindow - now })
    }
    child() {
      return this
    }
  }
}

/** Registers the limiter for routes that ask for it (`config: kioskWriteLimit(config)`); others are untouched. */
export async function registerKioskRateLimit(app: FastifyInstance, clock: Clock): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    store: sharedStore(clock),
    // A kiosk never reads x-ratelimit-* on an answer that went through; a refused one still says when to
    // try again (retry-after), as docs/http-api.md promises.
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    errorResponseBuilder: (_req, ctx) => new Errors.RATE_LIMITED(ctx.max, ctx.after),
  })
}

/** Route config for the kiosk's write routes (check-in, lookup, sign-up, cancel, help). */
export function kioskWriteLimit(config: Config) {
  return {
    access: 'public' as const,
    rateLimit: { max: config.kiosk.rateLimitPerMin, timeWindow: WINDOW_MS },
  }
}
