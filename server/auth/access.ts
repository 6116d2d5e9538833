import type { FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify'
import { AuthErrors } from './errors.js'
import type { SessionUser } from './sessions.js'

/**
 * Who may call a route, declared on every route as `config: { access }`:
 * - `public`: anyone, logged in or not (the kiosk, login);
 * - `staff`: any logged-in account, staff or manager;
 * - `manager`: a manage route. Managers may do anything; staff may only read it (GET, HEAD, OPTIONS).
 */
export type Access = 'public' | 'staff' | 'manager'
export const ACCESS_LEVELS: readonly Access[] = ['public', 'staff', 'manager']

/** For `app.requireRole`: `manager` is managers only, whatever the method; `staff` and `any`: logged in. */
export type RequiredRole = 'manager' | 'staff' | 'any'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
}

export interface RouteAccess {
  method: string
  url: string
  access: Access
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Whether `user` may call a route of `access` with `method` (the rule above). */
export function mayAccess(access: Access, user: SessionUser | null, method: string): boolean {
  if (access === 'public') return true
  if (!user) return false
  if (access === 'staff' || user.role === 'manager') return true
  return READS.has(method.toUpperCase())
}

export type UserOf = (req: FastifyRequest) => Promise<SessionUser | null>

/** A hook answering 401 without a session and 403 with one of the wrong role. Sets `req.user`. */
export function guardFor(access: Access, userOf: UserOf): onRequestHookHandler {
  // A public route only needs `req.user` when a cookie came with the request; without one it stays null
  // (its default), and the kiosk's requests, which never carry one, skip the session lookup altogether.
  if (access === 'public')
    return function publicAccess(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) {
      if (!req.headers.cookie) return done()
      userOf(req).then(() => done(), done)
    }
  return async function accessGuard(req: FastifyRequest, _reply: FastifyReply) {
    const user = await userOf(req)
    if (mayAccess(access, user, req.method)) return
    throw user ? new AuthErrors.FORBIDDEN() : new AuthErrors.LOGIN_REQUIRED()
  }
}

export function requireRoleHook(role: RequiredRole, userOf: UserOf): onRequestHookHandler {
  return async function requireRole(req: FastifyRequest, _reply: FastifyReply) {
    const user = await userOf(req)
    if (!user) throw new AuthErrors.LOGIN_REQUIRED()
    if (role === 'manager' && user.role !== 'manager') throw new AuthErrors.FORBIDDEN()
  }
}

const isApi = (url: string) => url === '/api' || url.startsWith('/api/')

/**
 * The onRoute hook: every route with `config.access` gets the matching guard as its first onRequest hook,
 * so the declaration is the protection. A route under /api/ without one fails at start, naming the route.
 */
export function accessOnRoute(userOf: UserOf, seen: RouteAccess[]): (route: RouteOptions) => void {
  return (route) => {
    const access = route.config?.access
    const methods = [route.method].flat().join(',')
    if (access === undefined) {
      if (!isApi(route.url)) return
      throw new Error(
        `route ${methods} ${route.url} declares no access: add config: { access: 'public' | 'staff' | 'manager' } (server/auth/README.md)`,
      )
    }
    if (!ACCESS_LEVELS.includes(access))
      throw new Error(
        `route ${methods} ${route.url}: config.access "${access}" is not one of public, staff, manager`,
      )
    const own = [route.onRequest ?? []].flat()
    // A new array: the options object Fastify clones for the automatic HEAD route must keep its own.
    route.onRequest = [guardFor(access, userOf), ...own]
    seen.push({ method: methods, url: route.url, access })
  }
}
