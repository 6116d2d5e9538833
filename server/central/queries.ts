import { stationDay } from '../uplink/protocol.js'
import type { Db } from './db/db.js'
import { METRIC } from './ingest/plan.js'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export interface StationSummary {
  id: string
  name: string
  street: string
  community: string
  timeZone: string
  online: boolean
  /** Last message of any kind from the station. */
  lastSeen: string | null
  /** When it last went online or offline. */
  stateAt: string | null
  lastBirth: string | null
  revoked: boolean
  committed: number
  head: number
  /** Journal entries the station has that the district has not stored yet. */
  backlog: number
  openAlerts: { total: number; critical: number; major: number; minor: number; warning: number }
  devices: { total: number; offline: number }
  restockNeeded: number
  /** Its fridges (temperature devices): the warmest reading, any offline, any temperature alert open. null: none. */
  fridge: { temperature: number | null; offline: boolean; alert: boolean } | null
  today: { day: string; checkins: number; help: number }
}

interface SummaryRow {
  id: string
  name: string
  street: string
  community: string
  time_zone: string
  online: boolean
  last_seen: Date | null
  state_at: Date | null
  birth_at: Date | null
  revoked_at: Date | null
  committed: number
  head: number
  a_total: number | null
  a_critical: number | null
  a_major: number | null
  a_minor: number | null
  a_warning: number | null
  d_total: number | null
  d_offline: number | null
  restock: number | null
  f_total: number | null
  f_offline: number | null
  f_max: number | null
  f_alert: number | null
}

const SUMMARY = `
SELECT s.id, s.name, s.street, s.community, s.time_zone, s.online, s.last_seen, s.state_at, s.birth_at,
  s.revoked_at, s.committed, s.head,
  a.total AS a_total, a.critical AS a_critical, a.major AS a_major, a.minor AS a_minor, a.warning AS a_warning,
  d.total AS d_total, d.offline AS d_offline, st.restock,
  f.total AS f_total, f.offline AS f_offline, f.max AS f_max, a.fridge AS f_alert
FROM stations s
LEFT JOIN (
  SELECT station_id, count(*)::int AS total,
    count(*) FILTER (WHERE severity = 'critical')::int AS critical,
    count(*) FILTER (WHERE severity = 'major')::int AS major,
    count(*) FILTER (WHERE severity = 'minor')::int AS minor,
    count(*) FILTER (WHERE severity = 'warning')::int AS warning,
    count(*) FILTER (WHERE type LIKE 'temperature%')::int AS fridge
  FROM alerts WHERE state <> 'cleared' GROUP BY station_id
) a ON a.station_id = s.id
LEFT JOIN (
  SELECT station_id, count(*)::int AS total, count(*) FILTER (WHERE NOT online)::int AS offline
  FROM devices GROUP BY station_id
) d ON d.station_id = s.id
LEFT JOIN (
  SELECT station_id, count(*)::int AS total, count(*) FILTER (WHERE NOT online)::int AS offline,
    max((reading->>'temperature')::double precision) AS max
  FROM devices WHERE kind = 'temperature' GROUP BY station_id
) f ON f.station_id = s.id
LEFT JOIN (
  SELECT station_id, count(*) FILTER (WHERE needs_restock)::int AS restock
  FROM stock WHERE NOT removed GROUP BY station_id
) st ON st.station_id = s.id`

/** Every station (or one, or some), with what an overview shows: online, backlog, open alerts, today's visits. */
export async function stationSummaries(
  db: Db,
  now: number,
  only?: string | string[],
): Promise<StationSummary[]> {
  const ids = only === undefined ? undefined : [only].flat()
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY} ${ids ? 'WHERE s.id = ANY($1)' : ''} ORDER BY s.street, s.community, s.id`,
    ids ? [ids] : [],
  )
  const todayOf = new Map(rows.map((r) => [r.id, stationDay(now, r.time_zone)]))
  const days = [...new Set(todayOf.values())]
  const counts = new Map<string, number>()
  if (rows.length > 0) {
    const c = await db.query<{ station_id: string; day: string; metric: string; n: number }>(
      `SELECT station_id, day, metric, n FROM daily_counts
       WHERE day = ANY($1::date[]) AND metric IN ($2, $3) AND key = '' ${ids ? 'AND station_id = ANY($4)' : ''}`,
      [days, METRIC.checkin, METRIC.help, ...(ids ? [ids] : [])],
    )
    for (const r of c.rows)
      if (todayOf.get(r.station_id) === r.day) counts.set(`${r.station_id}\0${r.metric}`, Number(r.n))
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    street: r.street,
    community: r.community,
    timeZone: r.time_zone,
    online: r.online && !r.revoked_at,
    lastSeen: iso(r.last_seen),
    stateAt: iso(r.state_at),
    lastBirth: iso(r.birth_at),
    revoked: r.revoked_at !== null,
    committed: r.committed,
    head: r.head,
    backlog: Math.max(0, r.head - r.committed),
    openAlerts: {
      total: r.a_total ?? 0,
      critical: r.a_critical ?? 0,
      major: r.a_major ?? 0,
      minor: r.a_minor ?? 0,
      warning: r.a_warning ?? 0,
    },
    devices: { total: r.d_total ?? 0, offline: r.d_offline ?? 0 },
    restockNeeded: r.restock ?? 0,
    fridge: r.f_total
      ? { temperature: r.f_max ?? null, offline: (r.f_offline ?? 0) > 0, alert: (r.f_alert ?? 0) > 0 }
      : null,
    today: {
      day: todayOf.get(r.id) as string,
      checkins: counts.get(`${r.id}\0${METRIC.checkin}`) ?? 0,
      help: counts.get(`${r.id}\0${METRIC.help}`) ?? 0,
    },
  }))
}

export interface AlertRow {
  stationId: string
  stationName: string
  street: string
  community: string
  alertId: string
  type: string
  severity: string
  state: string
  subject: string
  subjectName: string
  since: string
  raisedAt: string
  count: number
  value: number | null
  peak: number | null
  ackAt: string | null
  ackFrom: string | null
  clearedAt: string | null
  clearedAuto: boolean | null
  /** When the district escalated it (unacknowledged at its station past escalation.afterMin). */
  escalatedAt: string | null
  /** The district's acknowledgement: who, the note, when, and its command's state (pending until the station applied it). */
  districtAck: { by: string; note: string | null; at: string; state: string } | null
}

/** Alerts across stations (or of one), the most urgent first, then the newest. */
export async function alertList(
  db: Db,
  o: {
    open: boolean
    /** Only these stations (a scope's); undefined: every station. */
    stations?: string[]
    station?: string
    severity?: string
    type?: string
    escalated?: boolean
    limit: number
  },
): Promise<AlertRow[]> {
  const where = ['true']
  const params: unknown[] = []
  if (o.open) where.push(`a.state <> 'cleared'`)
  if (o.stations) where.push(`a.station_id = ANY($${params.push(o.stations)})`)
  if (o.station) where.push(`a.station_id = $${params.push(o.station)}`)
  if (o.severity) where.push(`a.severity = $${params.push(o.severity)}`)
  if (o.type) where.push(`a.type = $${params.push(o.type)}`)
  if (o.escalated !== undefined)
    where.push(o.escalated ? 'a.escalated_at IS NOT NULL' : 'a.escalated_at IS NULL')
  // The district's own acknowledgement of the alert, when it gave one: who, the note, and how far it got.
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT a.*, s.name AS station_name, s.street, s.community,
       c.created_by AS d_by, c.data->>'note' AS d_note, c.created_at AS d_at, c.state AS d_state
     FROM alerts a JOIN stations s ON s.id = a.station_id
     LEFT JOIN LATERAL (
       SELECT created_by, data, created_at, state FROM commands
       WHERE station_id = a.station_id AND type = 'alert.acknowledge' AND data->>'alertId' = a.alert_id
       ORDER BY created_at DESC LIMIT 1
     ) c ON true
     WHERE ${where.join(' AND ')}
     ORDER BY CASE a.severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END,
       a.raised_at DESC
     LIMIT $${params.push(o.limit)}`,
    params,
  )
  return rows.map((r) => ({
    stationId: r.station_id as string,
    stationName: r.station_name as string,
    street: r.street as string,
    community: r.community as string,
    alertId: r.alert_id as string,
    type: r.type as string,
    severity: r.severity as string,
    state: r.state as string,
    subject: r.subject as string,
    subjectName: r.subject_name as string,
    since: iso(r.since as Date) as string,
    raisedAt: iso(r.raised_at as Date) as string,
    count: r.count as number,
    value: r.value as number | null,
    peak: r.peak as number | null,
    ackAt: iso(r.ack_at as Date | null),
    ackFrom: r.ack_from as string | null,
    clearedAt: iso(r.cleared_at as Date | null),
    clearedAuto: r.cleared_auto as boolean | null,
    escalatedAt: iso(r.escalated_at as Date | null),
    districtAck: r.d_by
      ? {
          by: r.d_by as string,
          note: (r.d_note ?? null) as string | null,
          at: iso(r.d_at as Date) as string,
          state: r.d_state as string,
        }
      : null,
  }))
}
