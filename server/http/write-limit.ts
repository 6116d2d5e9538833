import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { Errors } from '../errors.js'

const WINDOW_MS = 60_000
/** Addresses remembered at once; a station sees a handful, so past this the oldest windows are dropped. */
const MAX_KEYS = 10_000

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route counts against the kiosk's write budget (see kioskWriteLimit). */
    kioskWriteLimit?: boolean
  }
}

/**
 * A limit per client address: one fixed one-minute window each. The kiosk's write limit is one, shared by
 * every kiosk write route, so a client cannot make `rateLimitPerMin` requests on each of five routes; failed
 * logins per address are another (server/auth/login.ts).
 *
 * Written here rather than taken from @fastify/rate-limit, which this replaced: that plugin counts per
 * route (sharing one budget needed a store of our own that ignored its keys), and its per-request work (a
 * chain of promises, and a property added to every request object) cost 15 % of check-in throughput,
 * measured with the same built hub with and without it. This is a plain map lookup.
 */
export class AddressRateLimiter {
  readonly #windows = new Map<string, { count: number; start: number }>()

  constructor(
    private readonly clock: Clock,
    private readonly max: number,
  ) {}

  /** Counts a request from `address`; null if it may go on, else the seconds until its window ends. */
  take(address: string): number | null {
    const now = this.clock.now()
    let w = this.#windows.get(address)
    if (!w || w.start + WINDOW_MS <= now) {
      if (w)
        this.#windows.delete(address) // re-inserted below, so the map stays oldest-first
      else if (this.#windows.size >= MAX_KEYS)
        this.#windows.delete(this.#windows.keys().next().value as string)
      w = { count: 0, start: now }
      this.#windows.set(address, w)
    }
    w.count++
    return w.count <= this.max ? null : Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000))
  }

  /** Gives back one request of `address`'s current window (a login that turned out right). */
  refund(address: string): void {
    const w = this.#windows.get(address)
    if (w && w.count > 0) w.count--
  }

  readonly onRequest = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const wait = this.take(req.ip)
    if (wait === null) return done()
    reply.header('retry-after', wait)
    done(new Errors.RATE_LIMITED(this.max, wait === 1 ? '1 second' : `${wait} seconds`))
  }
}

/** Guards every route registered after it that opts in (`config: kioskWriteLimit()`); others are untouched. */
export function registerKioskRateLimit(app: FastifyInstance, clock: Clock, config: Config): void {
  const limiter = new AddressRateLimiter(clock, config.kiosk.rateLimitPerMin)
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.config?.kioskWriteLimit) return
    // A new array: the options object Fastify clones for the automatic HEAD route must keep its own.
    route.onRequest = [...[route.onRequest ?? []].flat(), limiter.onRequest]
  })
}

/** Route config for the kiosk's write routes (check-in, lookup, sign-up, cancel, help, take-out). */
export function kioskWriteLimit() {
  return { access: 'public' as const, kioskWriteLimit: true }
}
