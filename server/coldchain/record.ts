import type { Alert } from '../alerts/types.js'
import type { Cell } from '../csv.js'
import type { HistoryPoint } from '../store/history.js'
import type { StationTime } from '../time/station-time.js'

export interface DayRange {
  date: string
  min: number | null
  max: number | null
  readings: number
}

export interface Excursion {
  id: string
  type: 'temperature-high' | 'temperature-low'
  start: string
  end: string | null
  peak: number | null
  durationMin: number
  action: string | null
  actionBy: string | null
}

/** Daily minimum and maximum (station days), every day of the range present, oldest first. */
export function dailyRanges(points: HistoryPoint[], dates: string[], time: StationTime): DayRange[] {
  const days = new Map<string, DayRange>()
  for (const date of dates) days.set(date, { date, min: null, max: null, readings: 0 })
  for (const p of points) {
    const d = days.get(time.day(p.t))
    if (!d) continue
    const lo = p.min ?? p.v
    const hi = p.max ?? p.v
    d.min = d.min === null ? lo : Math.min(d.min, lo)
    d.max = d.max === null ? hi : Math.max(d.max, hi)
    d.readings += p.n ?? 1
  }
  return [...days.values()]
}

/**
 * The excursion log: each temperature alert of the fridge, from when the temperature left its range
 * (not when the alert was raised, after its delay) to when it cleared, with the corrective action.
 */
export function excursions(
  alerts: Alert[],
  actions: Record<string, { action: string; by: string }>,
  now: number,
): Excursion[] {
  return alerts
    .filter(
      (a): a is Alert & { type: Excursion['type'] } =>
        a.type === 'temperature-high' || a.type === 'temperature-low',
    )
    .map((a) => {
      const end = a.clearedAt
      const taken = actions[a.id]
      return {
        id: a.id,
        type: a.type,
        start: a.since,
        end,
        peak: a.peak,
        durationMin: Math.round(((end ? Date.parse(end) : now) - Date.parse(a.since)) / 60_000),
        action: taken?.action ?? (a.clearedBy && a.clearedBy !== 'auto' ? a.note : null),
        actionBy: taken?.by ?? (a.clearedBy && a.clearedBy !== 'auto' ? a.clearedBy : null),
      }
    })
    .sort((x, y) => y.start.localeCompare(x.start))
}

const TYPE_ZH = { 'temperature-high': '过高 too warm', 'temperature-low': '过低 too cold' } as const

/** The record as CSV rows (server/csv.ts writes them: BOM, quoting, formula-like text kept as text). */
export function recordRows(name: string, days: DayRange[], log: Excursion[], time: StationTime): Cell[][] {
  const china = (iso: string | null) => (iso ? time.dateTime(iso) : '')
  // The header is the first row: a title line above it is what a spreadsheet would take as the header.
  return [
    ['设备 device', '日期 date', '最低 min °C', '最高 max °C', '读数 readings'],
    ...days.map((d) => [name, d.date, d.min, d.max, d.readings]),
    [],
    [
      '超温开始 start',
      '结束 end',
      '峰值 peak °C',
      '时长 minutes',
      '类型 type',
      '纠正措施 corrective action',
      '记录人 by',
    ],
    ...log.map((e) => [
      china(e.start),
      china(e.end),
      e.peak,
      e.durationMin,
      TYPE_ZH[e.type],
      e.action,
      e.actionBy,
    ]),
  ]
}
