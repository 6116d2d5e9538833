import type { SessionUser } from '../../auth/plugin.js'
import type { Db, Sql } from '../db/db.js'
import { defaultScope, type Scope } from './scope.js'

interface Row {
  name: string
  level: 'district' | 'street' | 'community'
  street: string
  community: string
}

const toScope = (r: Row): Scope =>
  r.level === 'district'
    ? { level: 'district' }
    : r.level === 'street'
      ? { level: 'street', street: r.street }
      : { level: 'community', street: r.street, community: r.community }

/** How long an instance trusts what it read of a scope; a change made on another instance counts after it. */
const TTL_MS = 5000

/**
 * Staff scopes in the district database (`staff_scopes`), shared by every instance, with a short cache so a
 * request or a socket event costs no query. An account without a row has its role's default scope.
 */
export class ScopeStore {
  readonly #db: Db
  readonly #now: () => number
  readonly #cache = new Map<string, { scope: Scope | null; at: number }>()

  constructor(db: Db, now: () => number) {
    this.#db = db
    this.#now = now
  }

  /** The account's stored scope, or null when it has none. */
  async stored(name: string): Promise<Scope | null> {
    const hit = this.#cache.get(name)
    if (hit && this.#now() - hit.at < TTL_MS) return hit.scope
    const { rows } = await this.#db.query<Row>('SELECT * FROM staff_scopes WHERE name = $1', [name])
    const scope = rows[0] ? toScope(rows[0]) : null
    if (this.#cache.size > 10_000) this.#cache.clear()
    this.#cache.set(name, { scope, at: this.#now() })
    return scope
  }

  async of(user: SessionUser | null): Promise<Scope> {
    if (!user) return { level: 'none' }
    return (await this.stored(user.name)) ?? defaultScope(user)
  }

  /** Sets (or with null, removes) an account's scope, in the caller's transaction. */
  async set(q: Sql, name: string, scope: Scope | null, by: string): Promise<void> {
    if (scope === null || scope.level === 'none')
      await q.query('DELETE FROM staff_scopes WHERE name = $1', [name])
    else
      await q.query(
        `INSERT INTO staff_scopes (name, level, street, community, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, now(), $5)
         ON CONFLICT (name) DO UPDATE SET level = EXCLUDED.level, street = EXCLUDED.street,
           community = EXCLUDED.community, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [
          name,
          scope.level,
          scope.level === 'district' ? '' : scope.street,
          scope.level === 'community' ? scope.community : '',
          by,
        ],
      )
    this.#cache.delete(name)
  }

  async list(): Promise<Array<{ name: string; scope: Scope }>> {
    const { rows } = await this.#db.query<Row>('SELECT * FROM staff_scopes ORDER BY name')
    return rows.map((r) => ({ name: r.name, scope: toScope(r) }))
  }
}
