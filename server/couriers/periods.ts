/**
 * Calendar periods in China Standard Time (UTC+8 all year: China has no daylight saving time), which is
 * what "today", "this week" and "this month" mean at a station, whatever the hub's own time zone.
 */
const HOUR = 3_600_000
export const DAY = 24 * HOUR
const CST = 8 * HOUR

export type Period = 'day' | 'week' | 'month'

/** `2026-11` for any instant in November 2026, China time. */
export function chinaMonth(ms: number): string {
  return new Date(ms + CST).toISOString().slice(0, 7)
}

/**
 * The China-time calendar month of `ms` as one number (year × 12 + month), for comparing months cheaply:
 * a returning courier's visits are counted per month on every check-in.
 */
export function chinaMonthIndex(ms: number): number {
  const local = new Date(ms + CST)
  return local.getUTCFullYear() * 12 + local.getUTCMonth()
}

/** The period containing `ms`: [from, to) in milliseconds. Weeks start on Monday. */
export function periodRange(period: Period, ms: number): { from: number; to: number } {
  const local = new Date(ms + CST)
  const dayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - CST
  if (period === 'day') return { from: dayStart, to: dayStart + DAY }
  if (period === 'week') {
    const sinceMonday = (local.getUTCDay() + 6) % 7
    const from = dayStart - sinceMonday * DAY
    return { from, to: from + 7 * DAY }
  }
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth()
  return { from: Date.UTC(y, m, 1) - CST, to: Date.UTC(y, m + 1, 1) - CST }
}

/** `2026-11-27` for any instant of that day, China time. */
export function chinaDate(ms: number): string {
  return new Date(ms + CST).toISOString().slice(0, 10)
}

/** `2026-11-27 16:05`: an ISO instant as a person at the station reads it, China time. */
export function chinaDateTime(iso: string): string {
  return new Date(Date.parse(iso) + CST).toISOString().slice(0, 16).replace('T', ' ')
}

/** When the China-time day `YYYY-MM-DD` starts (ms), or null when there is no such date (2026-02-30). */
export function chinaDayStart(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return new Date(utc).toISOString().slice(0, 10) === date ? utc - CST : null
}

/** The days of the China-time month `YYYY-MM`: when the first starts (ms) and how many; null if no such month. */
export function chinaMonthDays(month: string): { from: number; days: number } | null {
  const from = chinaDayStart(`${month}-01`)
  if (from === null) return null
  const [y, m] = month.split('-').map(Number) as [number, number]
  return { from, days: new Date(Date.UTC(y, m, 0)).getUTCDate() }
}
