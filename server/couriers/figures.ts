import type { Cell } from '../csv.js'
import { Errors } from '../errors.js'
import { DAY, type StationTime } from '../time/station-time.js'
import type { DailyCounts } from './daily-counts.js'

export interface DayFigures {
  /** Station day, YYYY-MM-DD. */
  date: string
  total: number
  byPlatform: Record<string, number>
  byPurpose: Record<string, number>
}

export interface Choice {
  id: string
  zh: string
}

export const MAX_DAYS = 400
const DEFAULT_DAYS = 30

/**
 * The station days asked for, both ends included: by default the 30 days up to today; `from` alone runs
 * to today, `to` alone starts 29 days before it. At most 400 days. Today's future is not part of it.
 */
export function dayRange(q: { from?: string; to?: string }, now: number, time: StationTime): string[] {
  const today = time.day(now)
  const to = q.to ?? today
  if (time.dayStart(to) === null) throw new Errors.BAD_RANGE('to: no such date')
  if (q.from !== undefined && time.dayStart(q.from) === null) throw new Errors.BAD_RANGE('from: no such date')
  const from = q.from ?? shiftDay(to, -(DEFAULT_DAYS - 1))
  if (from > to) throw new Errors.BAD_RANGE('from is after to')
  const days: string[] = []
  for (let d = from; d <= to; d = shiftDay(d, 1)) {
    if (days.length === MAX_DAYS) throw new Errors.BAD_RANGE(`at most ${MAX_DAYS} days at a time`)
    days.push(d)
  }
  return days
}

/** The days of a month `YYYY-MM` (station time) up to today: a report has no rows for days to come. */
export function monthRange(month: string, now: number, time: StationTime): string[] {
  const r = time.monthDays(month)
  if (!r) throw new Errors.BAD_RANGE('month: no such month')
  const today = time.day(now)
  return r.dates.filter((d) => d <= today)
}

/** `YYYY-MM-DD` plus `n` calendar days. */
export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10)
}

const zeros = (ids: Iterable<string>) => Object.fromEntries([...ids].map((id) => [id, 0]))

/**
 * Visits per station day, every day of the range present. Every configured platform and purpose is listed
 * each day, 0 if none; an id no longer configured but met in the range is listed on every day too.
 */
export function dailyFigures(
  counts: DailyCounts,
  days: string[],
  platforms: string[],
  purposes: string[],
): DayFigures[] {
  const platformIds = new Set(platforms)
  const purposeIds = new Set(purposes)
  for (const day of days) {
    const c = counts.get(day)
    if (!c) continue
    for (const id of Object.keys(c.byPlatform)) platformIds.add(id)
    for (const id of Object.keys(c.byPurpose)) purposeIds.add(id)
  }
  return days.map((date) => {
    const c = counts.get(date)
    return {
      date,
      total: c?.total ?? 0,
      byPlatform: { ...zeros(platformIds), ...c?.byPlatform },
      byPurpose: { ...zeros(purposeIds), ...c?.byPurpose },
    }
  })
}

/**
 * The monthly report: a header, one row a day, a totals row. Columns: date, visits, one per platform and
 * one per purpose, headed by their Chinese labels (an id no longer configured by the id itself).
 */
export function reportRows(days: DayFigures[], platforms: Choice[], purposes: Choice[]): Cell[][] {
  const columns = (choices: Choice[], counts: Record<string, number> | undefined) => {
    const label = new Map(choices.map((c) => [c.id, c.zh]))
    const ids = Object.keys(counts ?? {}).sort((a, b) => rank(choices, a) - rank(choices, b))
    return ids.map((id) => ({ id, label: label.get(id) ?? id }))
  }
  const platformCols = columns(platforms, days[0]?.byPlatform)
  const purposeCols = columns(purposes, days[0]?.byPurpose)
  const row = (date: string, d: Omit<DayFigures, 'date'>): Cell[] => [
    date,
    d.total,
    ...platformCols.map((c) => d.byPlatform[c.id] ?? 0),
    ...purposeCols.map((c) => d.byPurpose[c.id] ?? 0),
  ]
  const sum = (pick: (d: DayFigures) => Record<string, number>) => {
    const out: Record<string, number> = {}
    for (const d of days) for (const [id, n] of Object.entries(pick(d))) out[id] = (out[id] ?? 0) + n
    return out
  }
  const total = days.reduce((n, d) => n + d.total, 0)
  return [
    ['日期', '人次', ...platformCols.map((c) => c.label), ...purposeCols.map((c) => c.label)],
    ...days.map((d) => row(d.date, d)),
    row('合计', { total, byPlatform: sum((d) => d.byPlatform), byPurpose: sum((d) => d.byPurpose) }),
  ]
}

/** Configured ids in their configured order, then the others. */
function rank(choices: Choice[], id: string): number {
  const i = choices.findIndex((c) => c.id === id)
  return i === -1 ? choices.length : i
}
