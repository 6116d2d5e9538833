import type { FastifyInstance, FastifyRequest, preHandlerHookHandler, RouteOptions } from 'fastify'
import { AuthErrors } from '../../auth/errors.js'
import { CentralErrors } from '../errors.js'
import type { Registry } from '../registry.js'
import { inScope, isAdmin, NOWHERE, type Scope } from './scope.js'
import type { ScopeStore } from './scope-store.js'

/**
 * What a district route declares besides its access (server/auth), as `config: { scope }`:
 * - `station`: the route is about the station `:id`; anyone outside its scope gets 403 before the handler;
 * - `filtered`: the handler answers only what `req.scope` covers (lists, sums, the live socket);
 * - `admin`: the district administrator only (a manager with the whole district);
 * - `none`: no station data (health, metrics).
 * A route under /api/ (except the accounts' own /api/auth/) that declares none stops the service at start:
 * as with access, the declaration is the protection.
 */
export type ScopeRule = 'station' | 'filtered' | 'admin' | 'none'
const RULES: readonly ScopeRule[] = ['station', 'filtered', 'admin', 'none']

declare module 'fastify' {
  interface FastifyContextConfig {
    scope?: ScopeRule
  }
  interface FastifyRequest {
    /** Where the logged-in account may look and act; set on every district route. */
    scope: Scope
  }
}

const exempt = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/auth/')

export function scopeGuard(app: FastifyInstance, deps: { scopes: ScopeStore; registry: Registry }): void {
  app.decorateRequest('scope', null as never)
  const resolve = async (req: FastifyRequest) => {
    req.scope = req.user ? await deps.scopes.of(req.user) : NOWHERE
    return req.scope
  }
  const handlers: Record<ScopeRule, preHandlerHookHandler> = {
    none: async (req) => {
      await resolve(req)
    },
    filtered: async (req) => {
      await resolve(req)
    },
    admin: async (req) => {
      const scope = await resolve(req)
      if (!isAdmin(req.user, scope)) throw new AuthErrors.FORBIDDEN()
    },
    station: async (req) => {
      const scope = await resolve(req)
      const id = (req.params as { id?: string }).id as string
      const station = await deps.registry.get(id)
      if (!station) throw new CentralErrors.STATION_NOT_FOUND(id)
      if (!inScope(scope, station)) throw new CentralErrors.OUT_OF_SCOPE(id)
    },
  }
  app.addHook('onRoute', (route: RouteOptions) => {
    if (exempt(route.url)) return
    const rule = route.config?.scope
    const methods = [route.method].flat().join(',')
    if (rule === undefined || !RULES.includes(rule))
      throw new Error(
        `route ${methods} ${route.url} declares no scope: add config: { scope: 'station' | 'filtered' | 'admin' | 'none' } (server/central/scope/guard.ts)`,
      )
    if (rule === 'station' && !route.url.includes(':id'))
      throw new Error(`route ${methods} ${route.url}: scope 'station' needs an :id parameter`)
    route.preHandler = [handlers[rule], ...[route.preHandler ?? []].flat()]
  })
}
