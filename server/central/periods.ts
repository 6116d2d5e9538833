import { stationDay } from '../uplink/protocol.js'

export type Period = 'day' | 'week' | 'month'

const DAY_MS = 86_400_000
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`)
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** True for a real calendar day YYYY-MM-DD (not 2026-02-30). */
export function isDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && iso(utc(day)) === day
}

/**
 * The station-time days of the period containing `day`, both ends included: the day itself, its week
 * (Monday to Sunday, as the station's own figures count weeks) or its calendar month. Calendar arithmetic
 * on the day's own date, so it holds in any time zone.
 */
export function periodDays(period: Period, day: string): { from: string; to: string } {
  const t = utc(day)
  if (period === 'day') return { from: day, to: day }
  if (period === 'week') {
    const sinceMonday = (new Date(t).getUTCDay() + 6) % 7
    const from = t - sinceMonday * DAY_MS
    return { from: iso(from), to: iso(from + 6 * DAY_MS) }
  }
  const d = new Date(t)
  return {
    from: iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)),
    to: iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)),
  }
}

/** The period containing `date` (default: today at the station, in its time zone). */
export function stationPeriod(period: Period, timeZone: string, now: number, date?: string) {
  return periodDays(period, date ?? stationDay(now, timeZone))
}
