import type { StationTime } from '../time/station-time.js'
import type { AlertBook } from './book.js'
import type { Conditions } from './conditions.js'
import type { RuleBook } from './rules.js'
import type { AlertType, ExpiryItem } from './types.js'

/** ms when a batch is expired. A bare date means the end of that station day (NaN if no such date). */
export function expiresAt(expires: string, time: StationTime): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return time.dayEnd(expires) ?? Number.NaN
  return Date.parse(expires)
}

export interface ExpiryFinding {
  /** Units in batches of this kind (0: none), and the earliest of their expiry times. */
  quantity: number
  first: string | null
}

/**
 * What an item's batches say: units already expired, and units expiring within `withinMs` from `now`.
 * Empty batches and unreadable dates count for neither.
 */
export function judgeExpiry(
  item: ExpiryItem,
  now: number,
  withinMs: number,
  time: StationTime,
): { expired: ExpiryFinding; expiring: ExpiryFinding } {
  const expired: ExpiryFinding = { quantity: 0, first: null }
  const expiring: ExpiryFinding = { quantity: 0, first: null }
  let firstExpired = Number.POSITIVE_INFINITY
  let firstExpiring = Number.POSITIVE_INFINITY
  for (const b of item.batches) {
    const at = expiresAt(b.expires, time)
    if (!(b.quantity > 0) || Number.isNaN(at)) continue
    if (at <= now) {
      expired.quantity += b.quantity
      if (at < firstExpired) [firstExpired, expired.first] = [at, b.expires]
    } else if (at - now <= withinMs) {
      expiring.quantity += b.quantity
      if (at < firstExpiring) [firstExpiring, expiring.first] = [at, b.expires]
    }
  }
  return { expired, expiring }
}

const DAY_MS = 86_400_000
const TYPES = ['batch-expired', 'batch-expiring'] as const

/** Batch expiry as two rules per item, fed by whole item lists. */
export class ExpiryChecks {
  constructor(
    private readonly rules: RuleBook,
    private readonly conds: Conditions,
    private readonly book: AlertBook,
    private readonly time: StationTime,
  ) {}

  /** Judges the batches at `judgeAt`; an item missing from the list recovers. Alert times: the clock's. */
  check(items: ExpiryItem[], judgeAt: number): void {
    const withinMs = this.rules.rules.expiry.withinDays * DAY_MS
    const seen = new Set<string>()
    for (const item of items) {
      seen.add(item.id)
      const f = judgeExpiry(item, judgeAt, withinMs, this.time)
      this.#observe(item, 'batch-expired', f.expired)
      this.#observe(item, 'batch-expiring', f.expiring)
    }
    for (const type of TYPES) {
      for (const c of this.conds.ofType(type)) {
        if (!seen.has(c.subject) && c.phase !== 'idle') this.conds.observe(c, 'good', null, false, c.subject)
      }
    }
  }

  #observe(item: ExpiryItem, type: AlertType, f: ExpiryFinding): void {
    const rule = this.rules.forKey(item.id, type)
    if (!rule) return
    const cond = this.conds.get(item.id, rule)
    const open = this.book.openFor(cond.key)
    // A repeat only when the quantity changed: the hourly re-check of the same list is not news.
    const fresh = open !== undefined && open.value !== f.quantity
    const context = { ...rule.context, first: f.first }
    this.conds.observe(cond, f.quantity > 0 ? 'bad' : 'good', f.quantity, fresh, item.name, context)
  }
}
