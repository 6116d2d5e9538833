import { lang, t } from '../lib/i18n.js'

/** Screenings happen at the station: their times are shown in China time, whatever the kiosk's zone. */
const ZONE = 'Asia/Shanghai'

const dayKey = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms)

function dateText(ms: number, nowMs: number): string {
  const today = dayKey(nowMs)
  const day = dayKey(ms)
  const relative =
    day === today ? t('when.today') : day === dayKey(nowMs + 86_400_000) ? t('when.tomorrow') : null
  const locale = lang.value === 'en' ? 'en-GB' : 'zh-CN'
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: ZONE,
    month: lang.value === 'en' ? 'short' : 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(ms)
  return relative ? `${relative} ${date}` : date
}

const timeText = (ms: number) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms)

/** "明天 12月3日周三 09:00–11:30" (or "Tomorrow Wed 3 Dec 09:00–11:30"), in China time. */
export function whenText(start: string, end: string, nowMs = Date.now()): string {
  const s = Date.parse(start)
  const e = Date.parse(end)
  return t('when.range', { date: dateText(s, nowMs), start: timeText(s), end: timeText(e) })
}
