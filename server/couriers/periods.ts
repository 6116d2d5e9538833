/**
 * Calendar periods in China Standard Time (UTC+8 all year: China has no daylight saving time), which is
 * what "today", "this week" and "this month" mean at a station, whatever the hub's own time zone.
 */
const HOUR = 3_600_000
const DAY = 24 * HOUR
const CST = 8 * HOUR

export type Period = 'day' | 'week' | 'month'

/** `2026-11` for any instant in November 2026, China time. */
export function chinaMonth(ms: number): string {
  return new Date(ms + CST).toISOString().slice(0, 7)
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
