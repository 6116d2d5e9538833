import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Namespace } from 'socket.io'
import type { Clock } from '../clock.js'
import { FILES } from '../store/files.js'
import type { Store } from '../store/store.js'
import { accessOnRoute, type RequiredRole, type RouteAccess, requireRoleHook } from './access.js'
import { readCookie } from './cookie.js'
import { HashGate, type HashGateOptions } from './hash-gate.js'
import { Lockout, type LockoutOptions } from './lockout.js'
import { Authenticator } from './login.js'
import { authRoutes } from './routes.js'
import { SESSIONS_DOC, type SessionLimits, SessionStore, type SessionUser } from './sessions.js'
import { authorizeSocket } from './socket.js'
import { type ConfigUser, UserDirectory } from './users.js'

export type { Access, RequiredRole, RouteAccess } from './access.js'
export type { SessionUser } from './sessions.js'
export type { ConfigUser, Role } from './users.js'

export interface AuthOptions {
  /** The station's store: sessions.json is its document, users.json (written by the CLI) its file. */
  store: Pick<Store, 'document' | 'pathOf' | 'commit'>
  clock: Clock
  /** Accounts from the station config; read-only, and they win over users.json for the same name. */
  users?: ConfigUser[]
  lockout?: Partial<LockoutOptions>
  sessions?: Partial<SessionLimits>
  /** How many password checks run at once, and how many more may wait (server/auth/hash-gate.ts). */
  hashing?: Partial<HashGateOptions>
  /** Origins besides the hub's own that may open its sockets (http.allowedOrigins). */
  allowedOrigins?: readonly string[]
  /** Failed logins one address may make in a minute, over every name. Default 20. */
  failedLoginsPerAddressPerMin?: number
}

export interface Auth {
  users: UserDirectory
  sessions: SessionStore
  lockout: Lockout
  hashing: HashGate
  authenticator: Authenticator
  /** The live session of a request's cookie, looked up once per request. */
  sessionOf(req: FastifyRequest): Promise<{ id: string; user: SessionUser } | null>
  /** Every route registered since the plugin, with its declared access (for docs and audits). */
  routes(): RouteAccess[]
}

type RoleHook = (req: FastifyRequest, reply: FastifyReply) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth
    /** A hook for `onRequest`/`preHandler`: 401 without a session; `manager`: 403 for staff, any method. */
    requireRole(role: RequiredRole): RoleHook
    /** Lets into `nsp` only sockets with a live session (see server/auth/socket.ts). */
    authorizeSocket(nsp: Namespace, role?: RequiredRole): () => void
  }
  interface FastifyRequest {
    /** Who is logged in; set by the access guard of every route that declares `config.access`. */
    user: SessionUser | null
  }
}

/**
 * Accounts and access (issue #4). Register it before any route plugin: its onRoute hook guards each route
 * by its `config.access` and refuses an /api/ route without one, but sees only routes added after it.
 */
async function auth(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const { clock } = opts
  const users = await UserDirectory.open(opts.store.pathOf(FILES.users), opts.users)
  for (const name of users.shadowed)
    app.log.warn(`account "${name}" is in both the station config and users.json; the config's is used`)
  if ((await users.list()).length === 0)
    app.log.warn(
      'no accounts yet: nobody can log in; add one with sudo red-station-hub user add <name> --role manager ' +
        '(in a checkout: npm run user -- add <name> --role manager)',
    )
  const lookup = (name: string) => users.get(name)
  const sessions = new SessionStore(await opts.store.document(SESSIONS_DOC), {
    clock,
    limits: opts.sessions,
    lookup,
    commit: (decide) => opts.store.commit(decide),
    onError: (err) => app.log.error({ err }, 'sessions: saving or sweeping failed'),
  })
  const lockout = new Lockout(clock, opts.lockout)
  const hashing = new HashGate(opts.hashing)
  const found = new WeakMap<FastifyRequest, ReturnType<Auth['sessionOf']>>()
  const sessionOf: Auth['sessionOf'] = (req) => {
    let p = found.get(req)
    if (!p) {
      p = sessions.resolve(readCookie(req.headers.cookie))
      found.set(req, p)
    }
    return p
  }
  const userOf = async (req: FastifyRequest) => {
    req.user = (await sessionOf(req))?.user ?? null
    return req.user
  }
  const routes: RouteAccess[] = []

  app.decorateRequest('user', null)
  app.decorate('auth', {
    users,
    sessions,
    lockout,
    hashing,
    authenticator: new Authenticator({
      lookup,
      lockout,
      gate: hashing,
      clock,
      failuresPerAddressPerMin: opts.failedLoginsPerAddressPerMin ?? 20,
    }),
    sessionOf,
    routes: () => [...routes],
  } satisfies Auth)
  app.decorate('requireRole', (role: RequiredRole) => requireRoleHook(role, userOf) as RoleHook)
  app.decorate('authorizeSocket', (nsp: Namespace, role?: RequiredRole) =>
    authorizeSocket(nsp, sessions, role, opts.allowedOrigins),
  )
  app.addHook('onRoute', accessOnRoute(userOf, routes))
  app.addHook('onClose', () => sessions.close())

  await app.register(authRoutes, { auth: app.auth, clock })
}

export const authPlugin = fp(auth, { name: 'auth' })
export default authPlugin
