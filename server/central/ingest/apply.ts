import type { Sql } from '../db/db.js'
import type { Plan } from './plan.js'

/**
 * Writes a plan in the caller's transaction: one statement per table that has something to write, rows
 * passed as one JSON parameter (jsonb_to_recordset), so a batch of 500 events is a handful of statements.
 * Latest-state rows change only for a later seq than they hold: an old event (a backlog arriving after a
 * birth) never overwrites a newer picture.
 */
export async function applyPlan(q: Sql, station: string, plan: Plan): Promise<CommandOutcome[]> {
  const json = (rows: unknown[]) => JSON.stringify(rows)
  if (plan.counts.length > 0)
    await q.query(
      `INSERT INTO daily_counts (station_id, day, metric, key, n)
       SELECT $1, x.day::date, x.metric, x.key, x.n
       FROM jsonb_to_recordset($2::jsonb) AS x(day text, metric text, key text, n bigint)
       ON CONFLICT (station_id, day, metric, key) DO UPDATE SET n = daily_counts.n + EXCLUDED.n`,
      [station, json(plan.counts)],
    )
  if (plan.devices.length > 0) await upsertDevices(q, station, json(plan.devices))
  if (plan.alerts.length > 0) await upsertAlerts(q, station, json(plan.alerts))
  if (plan.stock.length > 0) await upsertStock(q, station, json(plan.stock))
  if (plan.stockRemoved.length > 0)
    await q.query(
      `UPDATE stock s SET removed = true, seq = x.seq
       FROM jsonb_to_recordset($2::jsonb) AS x("itemId" text, seq bigint)
       WHERE s.station_id = $1 AND s.item_id = x."itemId" AND s.seq < x.seq`,
      [station, json(plan.stockRemoved)],
    )
  if (plan.screenings.length > 0)
    await q.query(
      `INSERT INTO screenings (station_id, screening_id, title, seq)
       SELECT $1, x."screeningId", x.title, x.seq
       FROM jsonb_to_recordset($2::jsonb) AS x("screeningId" text, title text, seq bigint)
       ON CONFLICT (station_id, screening_id) DO UPDATE SET title = EXCLUDED.title, seq = EXCLUDED.seq
       WHERE screenings.seq < EXCLUDED.seq`,
      [station, json(plan.screenings)],
    )
  if (plan.coldDays.length > 0)
    await q.query(
      `INSERT INTO coldchain_days (station_id, device_id, day, min, max, readings, seq)
       SELECT $1, x."deviceId", x.day::date, x.min, x.max, x.readings, x.seq
       FROM jsonb_to_recordset($2::jsonb)
         AS x("deviceId" text, day text, min double precision, max double precision, readings integer, seq bigint)
       ON CONFLICT (station_id, device_id, day) DO UPDATE SET
         min = EXCLUDED.min, max = EXCLUDED.max, readings = EXCLUDED.readings, seq = EXCLUDED.seq
       WHERE coldchain_days.seq < EXCLUDED.seq`,
      [station, json(plan.coldDays)],
    )
  if (plan.excursions.length > 0)
    await q.query(
      `INSERT INTO excursions (station_id, excursion_id, device_id, type, start_at, end_at, peak, duration_min, seq)
       SELECT $1, x."excursionId", x."deviceId", x.type, x.start, x."end", x.peak, x."durationMin", x.seq
       FROM jsonb_to_recordset($2::jsonb) AS x("excursionId" text, "deviceId" text, type text,
         start timestamptz, "end" timestamptz, peak double precision, "durationMin" integer, seq bigint)
       ON CONFLICT (station_id, excursion_id) DO UPDATE SET
         end_at = EXCLUDED.end_at, peak = EXCLUDED.peak, duration_min = EXCLUDED.duration_min, seq = EXCLUDED.seq
       WHERE excursions.seq < EXCLUDED.seq`,
      [station, json(plan.excursions)],
    )
  if (plan.results.length === 0) return []
  // The first result of a command counts; one re-sent after a re-sent command finds it done already.
  const done = await q.query<CommandOutcome>(
    `UPDATE commands c SET state = CASE WHEN x.ok THEN 'ok' ELSE 'failed' END, result_at = x.at,
       problem = x.problem, result_seq = x.seq
     FROM jsonb_to_recordset($2::jsonb) AS x("commandId" text, ok boolean, problem text, seq bigint,
       at timestamptz)
     WHERE c.id = x."commandId" AND c.station_id = $1 AND c.state IN ('pending', 'expired')
     RETURNING c.id, c.type, c.state, c.problem, c.publication_id AS "publicationId"`,
    [station, json(plan.results)],
  )
  return done.rows
}

/** A command whose result came up in this batch. */
export interface CommandOutcome {
  id: string
  type: string
  state: 'ok' | 'failed'
  problem: string | null
  publicationId: string | null
}

/** Devices from JSON rows (DeviceStateData + seq); `<=` so a birth can restate what an event said. */
export function upsertDevices(q: Sql, station: string, rows: string, orEqual = false) {
  return q.query(
    `INSERT INTO devices (station_id, device_id, kind, name, online, last_seen, reading, battery, seq)
     SELECT $1, x."deviceId", x.kind, x.name, x.online, x."lastSeen", x.reading, x.battery, x.seq
     FROM jsonb_to_recordset($2::jsonb) AS x("deviceId" text, kind text, name text, online boolean,
       "lastSeen" timestamptz, reading jsonb, battery double precision, seq bigint)
     ON CONFLICT (station_id, device_id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
       online = EXCLUDED.online, last_seen = EXCLUDED.last_seen, reading = EXCLUDED.reading,
       battery = EXCLUDED.battery, seq = EXCLUDED.seq
     WHERE devices.seq ${orEqual ? '<=' : '<'} EXCLUDED.seq`,
    [station, rows],
  )
}

export function upsertAlerts(q: Sql, station: string, rows: string, orEqual = false) {
  return q.query(
    `INSERT INTO alerts (station_id, alert_id, type, severity, state, subject, subject_name, since, raised_at,
       count, value, peak, ack_at, ack_from, cleared_at, cleared_auto, seq)
     SELECT $1, x."alertId", x.type, x.severity, x.state, x.subject, x."subjectName", x.since, x."raisedAt",
       x.count, x.value, x.peak, x."ackAt", x."ackFrom", x."clearedAt", x."clearedAuto", x.seq
     FROM jsonb_to_recordset($2::jsonb) AS x("alertId" text, type text, severity text, state text,
       subject text, "subjectName" text, since timestamptz, "raisedAt" timestamptz, count integer,
       value double precision, peak double precision, "ackAt" timestamptz, "ackFrom" text,
       "clearedAt" timestamptz, "clearedAuto" boolean, seq bigint)
     ON CONFLICT (station_id, alert_id) DO UPDATE SET type = EXCLUDED.type, severity = EXCLUDED.severity,
       state = EXCLUDED.state, subject = EXCLUDED.subject, subject_name = EXCLUDED.subject_name,
       since = EXCLUDED.since, raised_at = EXCLUDED.raised_at, count = EXCLUDED.count,
       value = EXCLUDED.value, peak = EXCLUDED.peak, ack_at = EXCLUDED.ack_at, ack_from = EXCLUDED.ack_from,
       cleared_at = EXCLUDED.cleared_at, cleared_auto = EXCLUDED.cleared_auto, seq = EXCLUDED.seq
     WHERE alerts.seq ${orEqual ? '<=' : '<'} EXCLUDED.seq`,
    [station, rows],
  )
}

export function upsertStock(q: Sql, station: string, rows: string, orEqual = false) {
  return q.query(
    `INSERT INTO stock (station_id, item_id, name, unit, count, min, target, needs_restock, next_expiry,
       removed, seq)
     SELECT $1, x."itemId", x.name, x.unit, x.count, x.min, x.target, x."needsRestock", x."nextExpiry"::date,
       false, x.seq
     FROM jsonb_to_recordset($2::jsonb) AS x("itemId" text, name text, unit text, count integer, min integer,
       target integer, "needsRestock" boolean, "nextExpiry" text, seq bigint)
     ON CONFLICT (station_id, item_id) DO UPDATE SET name = EXCLUDED.name, unit = EXCLUDED.unit,
       count = EXCLUDED.count, min = EXCLUDED.min, target = EXCLUDED.target,
       needs_restock = EXCLUDED.needs_restock, next_expiry = EXCLUDED.next_expiry, removed = false,
       seq = EXCLUDED.seq
     WHERE stock.seq ${orEqual ? '<=' : '<'} EXCLUDED.seq`,
    [station, rows],
  )
}
