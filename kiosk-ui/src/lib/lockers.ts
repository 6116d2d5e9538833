// The charging lockers as the screens know them: the hub's summary (GET /api/lockers, socket `lockers`),
// typed from the hub's own schema. No person in it: each locker's state, and how many are free.
import type { Static } from 'typebox'
import type { CollectResult, LockersSummary, RentResult } from '../../../server/lockers/schemas.js'
import { signal } from './signal.js'

export type Lockers = Static<typeof LockersSummary>
export type LockerKind = Lockers['lockers'][number]['kind']
export type Rented = Static<typeof RentResult>
export type Collected = Static<typeof CollectResult>

/** null until the hub says anything: a station without lockers never does, and shows no lockers tile. */
export const lockers = signal<Lockers | null>(null)

export const isLockers = (value: unknown): value is Lockers => {
  const v = value as Partial<Lockers> | null
  return typeof v === 'object' && v !== null && typeof v.rev === 'number' && Array.isArray(v.lockers)
}

/** A summary from the socket or an answer: an older one (a smaller rev) never replaces a newer one. */
export function applyLockers(next: Lockers): void {
  const now = lockers.value
  if (now && next.rev < now.rev) return
  lockers.value = next.lockers.length > 0 ? next : null
}

/**
 * The door of `id` was seen shut after `rev` (the revision at which the hub answered with it open): the
 * courier has closed it.
 */
export function shutSince(all: Lockers | null, id: string, rev: number): boolean {
  if (!all || all.rev <= rev) return false
  return all.lockers.find((l) => l.id === id)?.doorOpen === false
}
