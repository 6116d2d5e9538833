import { clockTime, dateWords, dayKey } from '../lib/station-time.js'
import { t } from './i18n.js'

const DAY_MS = 86_400_000

/** `今天 12月3日周四` / `Today Thu 3 Dec`: the station's day, named when it is today or tomorrow. */
export function dayText(ms: number, nowMs = Date.now()): string {
  const day = dayKey(ms)
  const relative =
    day === dayKey(nowMs) ? t('when.today') : day === dayKey(nowMs + DAY_MS) ? t('when.tomorrow') : null
  const date = dateWords(ms, { weekday: true })
  return relative ? t('when.relativeDay', { relative, date }) : date
}

/** "明天 12月3日周四 09:00–11:30" (or "Tomorrow, Thu 3 Dec, 09:00–11:30"), in the station's time. */
export function whenText(start: string, end: string, nowMs = Date.now()): string {
  const s = Date.parse(start)
  const e = Date.parse(end)
  return t('when.range', { date: dayText(s, nowMs), start: clockTime(s), end: clockTime(e) })
}

/** `14:05`, station time. */
export const timeText = (iso: string) => clockTime(Date.parse(iso))
