import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Errors } from '../errors.js'

/**
 * Requests that change something must come from the hub's own pages (or an origin the station file
 * allows). SameSite=Strict keeps the session cookie off requests another *site* starts, but a page on
 * another port of the same host is the same site: it could acknowledge an alert with a text/plain POST, or
 * open the /manager socket, with the manager's cookie. Browsers say where a request comes from (Origin,
 * Sec-Fetch-Site; Fetch standard §3.1, §3.4), and a page cannot forge either.
 *
 * A request with neither header is not from a browser (curl, a script with its own credentials) and cannot
 * be a forged one: it passes.
 */

/** `https://Example.org:443` → `https://example.org`; null for what is not an http(s) origin. */
export function normalizeOrigin(text: string): string | null {
  try {
    const u = new URL(text)
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.pathname.length > 1) return null
    return u.origin
  } catch {
    return null
  }
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim()

/**
 * Why a request from a browser may not act, or null when it may. `own` are the hub's own origins as the
 * request reached it (scheme://host of the request; behind a proxy, also as the proxy forwarded it).
 */
export function originProblem(
  headers: IncomingHttpHeaders,
  own: readonly string[],
  allowed: ReadonlySet<string>,
): string | null {
  const origin = first(headers.origin)
  if (origin !== undefined) {
    const normal = normalizeOrigin(origin)
    if (normal && (own.includes(normal) || allowed.has(normal))) return null
    return `Origin ${origin.slice(0, 100)}`
  }
  const site = first(headers['sec-fetch-site'])
  if (site === 'same-site' || site === 'cross-site') return `Sec-Fetch-Site: ${site}`
  return null
}

/**
 * The hub's own origins for a request. A browser cannot set X-Forwarded-Host or -Proto on a request another
 * page makes it send (a custom header needs a CORS preflight, which the hub never grants; a WebSocket takes
 * none), so counting them as "own" opens nothing to a forged request, and saves a proxy's users a setting.
 */
export function ownOrigins(headers: IncomingHttpHeaders, scheme: string): string[] {
  const host = first(headers.host)
  const own: string[] = []
  if (host) own.push(`${scheme}://${host}`)
  const fwdHost = first(headers['x-forwarded-host']) ?? host
  const fwdProto = first(headers['x-forwarded-proto']) ?? scheme
  if (fwdHost) own.push(`${fwdProto}://${fwdHost}`)
  return own.map((o) => normalizeOrigin(o)).filter((o): o is string => o !== null)
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Every request under /api/ that may change something passes the check first (before access and body). */
export function guardOrigins(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins.map((o) => normalizeOrigin(o)).filter((o) => o !== null))
  app.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    if (SAFE.has(req.method) || !req.url.startsWith('/api/')) return done()
    const problem = originProblem(req.headers, ownOrigins(req.headers, req.protocol), allowed)
    done(problem ? new Errors.BAD_ORIGIN(problem) : undefined)
  })
}
