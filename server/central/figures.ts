import type { Figures } from '../uplink/protocol.js'
import type { Db } from './db/db.js'
import { METRIC } from './ingest/plan.js'
import { type Period, stationPeriod } from './periods.js'

export interface ScreeningFigures {
  stationId: string
  screeningId: string
  title: string
  signups: number
  cancellations: number
  promoted: number
}

export type FiguresAnswer = Figures & {
  period: Period
  from: string
  to: string
  stations: number
  screenings: Figures['screenings'] & { byScreening: ScreeningFigures[] }
}

interface CountRow {
  station_id: string
  metric: string
  key: string
  n: number
}

/**
 * Figures of a period summed over `stations`, each counted over its own station-time days (a station in
 * another time zone has its own "today"). `from`/`to` are the days of the first time zone (the district's).
 */
export async function figuresOf(
  db: Db,
  stations: Array<{ id: string; timeZone: string }>,
  period: Period,
  now: number,
  date?: string,
): Promise<FiguresAnswer> {
  const byZone = new Map<string, string[]>()
  for (const s of stations) byZone.set(s.timeZone, [...(byZone.get(s.timeZone) ?? []), s.id])
  const rows: CountRow[] = []
  let shown: { from: string; to: string } | null = null
  for (const [tz, ids] of byZone) {
    const range = stationPeriod(period, tz, now, date)
    shown ??= range
    const r = await db.query<CountRow>(
      `SELECT station_id, metric, key, sum(n)::bigint AS n FROM daily_counts
       WHERE station_id = ANY($1) AND day BETWEEN $2::date AND $3::date
       GROUP BY station_id, metric, key`,
      [ids, range.from, range.to],
    )
    rows.push(...r.rows)
  }
  const range = shown ?? stationPeriod(period, 'Asia/Shanghai', now, date)
  const out: FiguresAnswer = {
    period,
    ...range,
    stations: stations.length,
    checkins: { total: 0, returning: 0, byPlatform: {}, byPurpose: {} },
    screenings: { signups: 0, cancellations: 0, promoted: 0, byScreening: [] },
    help: { total: 0, byReason: {} },
  }
  const screenings = new Map<string, ScreeningFigures>()
  const screening = (station: string, id: string) => {
    const k = `${station}\0${id}`
    let s = screenings.get(k)
    if (!s) {
      s = { stationId: station, screeningId: id, title: id, signups: 0, cancellations: 0, promoted: 0 }
      screenings.set(k, s)
    }
    return s
  }
  const add = (counts: Record<string, number>, key: string, n: number) => {
    counts[key] = (counts[key] ?? 0) + n
  }
  for (const r of rows) {
    const n = Number(r.n)
    switch (r.metric) {
      case METRIC.checkin:
        out.checkins.total += n
        break
      case METRIC.returning:
        out.checkins.returning += n
        break
      case METRIC.platform:
        add(out.checkins.byPlatform, r.key, n)
        break
      case METRIC.purpose:
        add(out.checkins.byPurpose, r.key, n)
        break
      case METRIC.signup:
        out.screenings.signups += n
        screening(r.station_id, r.key).signups += n
        break
      case METRIC.cancel:
        out.screenings.cancellations += n
        screening(r.station_id, r.key).cancellations += n
        break
      case METRIC.promoted:
        out.screenings.promoted += n
        screening(r.station_id, r.key).promoted += n
        break
      case METRIC.help:
        out.help.total += n
        break
      case METRIC.helpReason:
        add(out.help.byReason, r.key, n)
        break
    }
  }
  if (screenings.size > 0) {
    const { rows: titles } = await db.query<{ station_id: string; screening_id: string; title: string }>(
      'SELECT station_id, screening_id, title FROM screenings WHERE station_id = ANY($1)',
      [[...new Set(stations.map((s) => s.id))]],
    )
    for (const t of titles) {
      const s = screenings.get(`${t.station_id}\0${t.screening_id}`)
      if (s) s.title = t.title
    }
  }
  // Across stations a screening id is the station's own: one line per (station, screening).
  out.screenings.byScreening = [...screenings.values()].sort((a, b) => b.signups - a.signups)
  return out
}
