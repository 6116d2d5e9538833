import type { Alert, HistoryQuery } from './types.js'

export const DEFAULT_HISTORY_LIMIT = 200
export const MAX_HISTORY_LIMIT = 5000

/**
 * The alerts of a query from lifecycle records in the order they happened (each record is the whole alert
 * at that moment, so the last one per id wins), with the open alerts on top (they carry repeats that are
 * not journaled). Raised within [from, to], newest first, at most `limit`.
 */
export function foldHistory(records: Iterable<Alert>, open: Iterable<Alert>, q: HistoryQuery = {}): Alert[] {
  const byId = new Map<string, Alert>()
  for (const a of records) byId.set(a.id, a)
  for (const a of open) byId.set(a.id, a)
  const from = q.from ?? Number.NEGATIVE_INFINITY
  const to = q.to ?? Number.POSITIVE_INFINITY
  const limit = Math.min(Math.max(0, q.limit ?? DEFAULT_HISTORY_LIMIT), MAX_HISTORY_LIMIT)
  const out: Alert[] = []
  for (const a of byId.values()) {
    const t = Date.parse(a.raisedAt)
    if (t >= from && t <= to) out.push({ ...a })
  }
  out.sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0))
  return out.slice(0, limit)
}
