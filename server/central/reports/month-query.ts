import { StationTime } from '../../time/station-time.js'
import type { Db } from '../db/db.js'
import { METRIC } from '../ingest/plan.js'
import { emptyMonth, type MonthFigures, servicesOf } from './figures.js'

export interface ReportStation {
  id: string
  name: string
  street: string
  community: string
  timeZone: string
}

const ALERT_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const

/**
 * Each station's figures of the calendar month `YYYY-MM`, counted on its own station-time days (as the
 * station counts its own: daily_counts are kept by station day) and, for alerts and excursions, between the
 * instants its month starts and ends in its time zone. `now` ends a month still going on.
 */
export async function monthFigures(
  db: Db,
  stations: readonly ReportStation[],
  month: string,
  now: number,
): Promise<Map<string, MonthFigures>> {
  const out = new Map(stations.map((s) => [s.id, emptyMonth()]))
  const byZone = new Map<string, string[]>()
  for (const s of stations) byZone.set(s.timeZone, [...(byZone.get(s.timeZone) ?? []), s.id])
  for (const [zone, ids] of byZone) {
    const time = new StationTime(zone)
    const range = time.monthDays(month)
    if (!range) throw new Error(`no such month ${month}`)
    const first = range.dates[0] as string
    const last = range.dates[range.dates.length - 1] as string
    await counts(db, ids, first, last, out)
    await alerts(db, ids, range.from, range.to, out)
    await coldChain(db, ids, first, last, range, Math.min(now, range.to), time, out)
    await lockers(db, ids, first, last, out)
  }
  for (const f of out.values()) f.services = servicesOf(f)
  return out
}

type Out = Map<string, MonthFigures>
const of = (out: Out, id: string) => out.get(id) as MonthFigures
const bump = (c: Record<string, number>, k: string, n: number) => {
  c[k] = (c[k] ?? 0) + n
}

async function counts(db: Db, ids: string[], first: string, last: string, out: Out): Promise<void> {
  const { rows } = await db.query<{ station_id: string; metric: string; key: string; n: number }>(
    `SELECT station_id, metric, key, sum(n)::bigint AS n FROM daily_counts
     WHERE station_id = ANY($1) AND day BETWEEN $2::date AND $3::date
     GROUP BY station_id, metric, key`,
    [ids, first, last],
  )
  for (const r of rows) {
    const f = of(out, r.station_id)
    const n = Number(r.n)
    switch (r.metric) {
      case METRIC.checkin:
        f.visits.total += n
        break
      case METRIC.returning:
        f.visits.returning += n
        break
      case METRIC.platform:
        bump(f.visits.byPlatform, r.key, n)
        break
      case METRIC.purpose:
        bump(f.visits.byPurpose, r.key, n)
        break
      case METRIC.signup:
        f.screenings.signups += n
        f.screenings.places += n
        break
      case METRIC.waiting:
        f.screenings.waiting += n
        f.screenings.places -= n
        break
      case METRIC.promoted:
        f.screenings.promoted += n
        f.screenings.places += n
        break
      case METRIC.cancel:
        f.screenings.cancellations += n
        break
      case METRIC.help:
        f.help.total += n
        break
      case METRIC.helpReason:
        bump(f.help.byReason, r.key, n)
        break
      case METRIC.restock:
        f.restocks += n
        break
    }
  }
}

async function alerts(db: Db, ids: string[], from: number, to: number, out: Out): Promise<void> {
  const { rows } = await db.query<{
    station_id: string
    severity: string
    raised_at: Date
    ack_at: Date | null
  }>(
    `SELECT station_id, severity, raised_at, ack_at FROM alerts
     WHERE station_id = ANY($1) AND raised_at >= $2 AND raised_at < $3`,
    [ids, new Date(from).toISOString(), new Date(to).toISOString()],
  )
  for (const r of rows) {
    const a = of(out, r.station_id).alerts
    a.raised++
    const sev = ALERT_SEVERITIES.find((s) => s === r.severity)
    if (sev) a[sev]++
    if (r.ack_at) {
      const s = Math.max(0, Math.round((r.ack_at.getTime() - r.raised_at.getTime()) / 1000))
      a.acknowledged++
      a.ackSecondsTotal += s
      a.ackSecondsMax = Math.max(a.ackSecondsMax, s)
    }
  }
}

/** Fridge-days with readings, and of them those no excursion of that thermometer touched. */
async function coldChain(
  db: Db,
  ids: string[],
  first: string,
  last: string,
  range: { from: number; to: number },
  until: number,
  time: StationTime,
  out: Out,
): Promise<void> {
  const days = await db.query<{ station_id: string; device_id: string; day: string }>(
    `SELECT station_id, device_id, day FROM coldchain_days
     WHERE station_id = ANY($1) AND day BETWEEN $2::date AND $3::date AND readings > 0`,
    [ids, first, last],
  )
  const exc = await db.query<{ station_id: string; device_id: string; start_at: Date; end_at: Date | null }>(
    `SELECT station_id, device_id, start_at, end_at FROM excursions
     WHERE station_id = ANY($1) AND start_at < $3 AND (end_at IS NULL OR end_at >= $2)`,
    [ids, new Date(range.from).toISOString(), new Date(range.to).toISOString()],
  )
  const touched = new Set<string>()
  for (const e of exc.rows) {
    if (e.start_at.getTime() >= range.from) of(out, e.station_id).coldChain.excursions++
    const end = Math.min(e.end_at?.getTime() ?? until, range.to - 1)
    for (let d = time.day(Math.max(e.start_at.getTime(), range.from)); d <= time.day(end); ) {
      touched.add(`${e.station_id}\0${e.device_id}\0${d}`)
      const next = time.dayEnd(d)
      if (next === null) break
      d = time.day(next)
    }
  }
  for (const r of days.rows) {
    const c = of(out, r.station_id).coldChain
    c.days++
    if (!touched.has(`${r.station_id}\0${r.device_id}\0${r.day}`)) c.inRange++
  }
}

/** locker.day is re-sent as the day goes on: the last by seq of each day counts. */
async function lockers(db: Db, ids: string[], first: string, last: string, out: Out): Promise<void> {
  const { rows } = await db.query<{ station_id: string; rentals: number; faults: number }>(
    `SELECT DISTINCT ON (station_id, data->>'day') station_id,
       (data->>'rentals')::int AS rentals, (data->>'faults')::int AS faults
     FROM events
     WHERE type = 'locker.day' AND verdict = 'ok' AND station_id = ANY($1)
       AND data->>'day' BETWEEN $2 AND $3
     ORDER BY station_id, data->>'day', seq DESC`,
    [ids, first, last],
  )
  for (const r of rows) {
    const l = of(out, r.station_id).lockers
    l.rentals += Number(r.rentals)
    l.faults += Number(r.faults)
  }
}
