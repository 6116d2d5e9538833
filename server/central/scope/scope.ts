import type { SessionUser } from '../../auth/plugin.js'

/**
 * Where a staff account may look and act (docs/central.md, "Staff and scope"): the whole district, one
 * street (街道), or one community (社区) of a street. `none`: nothing (a staff account nobody gave a scope).
 */
export type Scope =
  | { level: 'district' }
  | { level: 'street'; street: string }
  | { level: 'community'; street: string; community: string }
  | { level: 'none' }

export const DISTRICT: Scope = { level: 'district' }
export const NOWHERE: Scope = { level: 'none' }

/** A station as far as scope goes. */
export interface Placed {
  street: string
  community: string
}

export function inScope(scope: Scope, s: Placed): boolean {
  switch (scope.level) {
    case 'district':
      return true
    case 'street':
      return s.street === scope.street
    case 'community':
      return s.street === scope.street && s.community === scope.community
    default:
      return false
  }
}

/** Of `stations`, those `scope` covers. */
export const withinScope = <T extends Placed>(scope: Scope, stations: readonly T[]): T[] =>
  stations.filter((s) => inScope(scope, s))

/**
 * The district administrator: a manager account whose scope is the whole district. Only it registers and
 * revokes stations, gives scopes, and reads the audit log.
 */
export const isAdmin = (user: SessionUser | null, scope: Scope) =>
  user?.role === 'manager' && scope.level === 'district'

/** The scope of an account without one stored: a manager has the district, staff have nothing yet. */
export const defaultScope = (user: SessionUser | null): Scope =>
  user?.role === 'manager' ? DISTRICT : NOWHERE

/** 北新桥街道 / 民安社区, for the audit log and the page. */
export function scopeLabel(scope: Scope): string {
  switch (scope.level) {
    case 'district':
      return 'district'
    case 'street':
      return scope.street
    case 'community':
      return `${scope.street} / ${scope.community}`
    default:
      return 'none'
  }
}
