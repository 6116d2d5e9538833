import type { Db, Sql } from './db/db.js'

/** What the district did: one row per action, appended in the same transaction as the action itself. */
export type AuditAction =
  | 'alert.acknowledge'
  | 'notice.publish'
  | 'screening.publish'
  | 'station.add'
  | 'station.revoke'
  | 'scope.set'

export interface AuditEntry {
  id: number
  at: string
  actor: string
  action: AuditAction
  stationId: string | null
  detail: Record<string, unknown>
}

export async function audit(
  q: Sql,
  at: number,
  actor: string,
  action: AuditAction,
  stationId: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await q.query(
    'INSERT INTO audit_log (at, actor, action, station_id, detail) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [new Date(at).toISOString(), actor, action, stationId, JSON.stringify(detail)],
  )
}

/** The newest first; `before` pages back by id. */
export async function auditLog(
  db: Db,
  o: { limit: number; before?: number; actor?: string; station?: string },
): Promise<AuditEntry[]> {
  const where = ['true']
  const params: unknown[] = []
  if (o.before !== undefined) where.push(`id < $${params.push(o.before)}`)
  if (o.actor) where.push(`actor = $${params.push(o.actor)}`)
  if (o.station) where.push(`station_id = $${params.push(o.station)}`)
  const { rows } = await db.query<{
    id: number
    at: Date
    actor: string
    action: AuditAction
    station_id: string | null
    detail: Record<string, unknown>
  }>(
    `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.push(o.limit)}`,
    params,
  )
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    stationId: r.station_id,
    detail: r.detail,
  }))
}
