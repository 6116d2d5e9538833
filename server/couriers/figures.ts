import type { Cell } from '../csv.js'
import { Errors } from '../errors.js'
import { chinaDate, chinaDayStart, chinaMonthDays, DAY } from './periods.js'
import type { Entry } from './visits.js'

export interface DayFigures {
  /** China-time calendar day, YYYY-MM-DD. */
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
 * The days asked for, China time, both ends included: by default the 30 days up to today; `from` alone
 * runs to today, `to` alone starts 29 days before it. At most 400 days.
 */
export function dayRange(q: { from?: string; to?: string }, now: number): { from: number; days: number } {
  const to = chinaDayStart(q.to ?? chinaDate(now))
  if (to === null) throw new Errors.BAD_RANGE('to: no such date')
  const from = q.from === undefined ? to - (DEFAULT_DAYS - 1) * DAY : chinaDayStart(q.from)
  if (from === null) throw new Errors.BAD_RANGE('from: no such date')
  if (from > to) throw new Errors.BAD_RANGE('from is after to')
  const days = Math.round((to - from) / DAY) + 1
  if (days > MAX_DAYS) throw new Errors.BAD_RANGE(`at most ${MAX_DAYS} days at a time`)
  return { from, days }
}

/** The days of a month `YYYY-MM` (China time). */
export function monthRange(month: string): { from: number; days: number } {
  const r = chinaMonthDays(month)
  if (!r) throw new Errors.BAD_RANGE('month: no such month')
  return r
}

const zeros = (ids: Iterable<string>) => Object.fromEntries([...ids].map((id) => [id, 0]))

/**
 * Visits counted per China-time day, every day of the range present. Every configured platform and purpose
 * is listed each day, 0 if none; an id no longer configured but met in the range is listed on every day too.
 */
export function dailyFigures(
  visits: Iterable<Readonly<Entry>>,
  range: { from: number; days: number },
  platforms: string[],
  purposes: string[],
): DayFigures[] {
  const counted = Array.from({ length: range.days }, () => ({
    total: 0,
    byPlatform: {} as Record<string, number>,
    byPurpose: {} as Record<string, number>,
  }))
  const platformIds = new Set(platforms)
  const purposeIds = new Set(purposes)
  for (const v of visits) {
    const day = counted[Math.floor((v.at - range.from) / DAY)]
    if (!day) continue
    day.total++
    day.byPlatform[v.platform] = (day.byPlatform[v.platform] ?? 0) + 1
    platformIds.add(v.platform)
    for (const p of v.purposes) {
      day.byPurpose[p] = (day.byPurpose[p] ?? 0) + 1
      purposeIds.add(p)
    }
  }
  return counted.map((c, i) => ({
    date: chinaDate(range.from + i * DAY),
    total: c.total,
    byPlatform: { ...zeros(platformIds), ...c.byPlatform },
    byPurpose: { ...zeros(purposeIds), ...c.byPurpose },
  }))
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
