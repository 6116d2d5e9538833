import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { nameProblem } from '../../auth/users.js'
import type { Clock } from '../../clock.js'
import { useStrictValidation } from '../../http/validation.js'
import { audit, auditLog } from '../audit.js'
import type { Db } from '../db/db.js'
import { CentralErrors } from '../errors.js'
import type { Registry } from '../registry.js'
import { isAdmin, type Scope } from './scope.js'
import type { ScopeStore } from './scope-store.js'

export const ScopeSchema = Type.Union([
  Type.Object({ level: Type.Literal('district') }, { additionalProperties: false }),
  Type.Object(
    { level: Type.Literal('street'), street: Type.String({ minLength: 1, maxLength: 100 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      level: Type.Literal('community'),
      street: Type.String({ minLength: 1, maxLength: 100 }),
      community: Type.String({ minLength: 1, maxLength: 100 }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ level: Type.Literal('none') }, { additionalProperties: false }),
])

/** A scope naming a street or community no registered station has is most likely a typo: refused. */
export function scopeProblem(scope: Scope, registry: Registry): string | null {
  const stations = registry.cached()
  if (scope.level === 'street' && !stations.some((s) => s.street === scope.street))
    return `street: no station on "${scope.street}"`
  if (
    scope.level === 'community' &&
    !stations.some((s) => s.street === scope.street && s.community === scope.community)
  )
    return `community: no station in "${scope.street} / ${scope.community}"`
  return null
}

/** Who am I and where may I look; the administrator's scopes and audit log. */
export const scopeRoutes: FastifyPluginAsyncTypebox<{
  db: Db
  registry: Registry
  scopes: ScopeStore
  clock: Clock
  districtName: string
}> = async (app, { db, registry, scopes, clock, districtName }) => {
  useStrictValidation(app)
  const tags = ['staff']

  app.get(
    '/api/me',
    {
      config: { access: 'staff', scope: 'filtered' },
      schema: {
        summary: 'The logged-in account, its scope, and whether it is the district administrator',
        tags,
        response: {
          200: Type.Object({
            user: Type.Object({ name: Type.String(), role: Type.String() }),
            scope: ScopeSchema,
            admin: Type.Boolean(),
            district: Type.Object({ name: Type.String() }),
          }),
        },
      },
    },
    async (req) => ({
      user: { name: req.user?.name ?? '', role: req.user?.role ?? 'staff' },
      scope: req.scope,
      admin: isAdmin(req.user, req.scope),
      district: { name: districtName },
    }),
  )

  app.get(
    '/api/staff',
    {
      config: { access: 'manager', scope: 'admin' },
      schema: {
        summary: 'Scopes given to staff accounts (an account not listed has its role default)',
        tags,
        response: {
          200: Type.Object({ staff: Type.Array(Type.Object({ name: Type.String(), scope: ScopeSchema })) }),
        },
      },
    },
    async () => ({ staff: await scopes.list() }),
  )

  app.put(
    '/api/staff/:name/scope',
    {
      config: { access: 'manager', scope: 'admin' },
      schema: {
        summary: "Give a staff account its scope: the district, a street, a street's community, or none",
        tags,
        params: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        body: ScopeSchema,
        response: { 200: Type.Object({ name: Type.String(), scope: ScopeSchema }) },
      },
    },
    async (req) => {
      const name = req.params.name.normalize('NFC')
      const bad = nameProblem(name)
      if (bad) throw new CentralErrors.BAD_SCOPE(`name: ${bad}`)
      await registry.refresh()
      const problem = scopeProblem(req.body, registry)
      if (problem) throw new CentralErrors.BAD_SCOPE(problem)
      await db.tx(async (q) => {
        await scopes.set(q, name, req.body, req.user?.name ?? '?')
        await audit(q, clock.now(), req.user?.name ?? '?', 'scope.set', null, { name, scope: req.body })
      })
      return { name, scope: req.body }
    },
  )

  app.get(
    '/api/audit',
    {
      config: { access: 'manager', scope: 'admin' },
      schema: {
        summary: 'Every action taken from the district: who, what, which station, when (newest first)',
        tags,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            before: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries older than this id' })),
            actor: Type.Optional(Type.String({ maxLength: 32 })),
            station: Type.Optional(Type.String({ maxLength: 63 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            entries: Type.Array(
              Type.Object({
                id: Type.Integer(),
                at: Type.String(),
                actor: Type.String(),
                action: Type.String(),
                stationId: Type.Union([Type.String(), Type.Null()]),
                detail: Type.Object({}, { additionalProperties: true }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({
      entries: await auditLog(db, { ...req.query, limit: req.query.limit ?? 200 }),
    }),
  )
}
