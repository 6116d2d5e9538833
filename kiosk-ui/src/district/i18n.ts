// The district page's words (i18n-zh.ts, i18n-en.ts) bound to the one i18n engine of every page
// (lib/i18n.ts), and its ways of writing times, in the station's zone (lib/station-time.ts).
import { createTranslator, locale, type PlainKeyOf, rememberLang } from '../lib/i18n.js'
import { clockTime, dateWords, yearOf } from '../lib/station-time.js'
import { en } from './i18n-en.js'
import { zh } from './i18n-zh.js'

export { lang, setLang, toggleLang } from '../lib/i18n.js'
export type PlainKey = PlainKeyOf<typeof zh>

export const { t, knownKey, tables } = createTranslator<typeof zh>({ 'zh-CN': zh, en })

// Staff keep their choice of language on their phone or desk for the next visit.
rememberLang('district.lang')

/** `12月3日 14:05` / `3 Dec 14:05`, in station time (the year only when it is not this one). */
export function when(iso: string | null): string {
  const ms = iso ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(ms)) return '—'
  return `${dateWords(ms, { withYear: yearOf(ms) !== yearOf(Date.now()) })} ${clockTime(ms)}`
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
]

/** "12 分钟前" / "12 minutes ago" in the largest whole unit, by the browser's own CLDR data. */
export function agoWords(iso: string | null, nowMs: number): string {
  const then = iso ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(then)) return '—'
  const s = Math.max(0, Math.floor((nowMs - then) / 1000))
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' })
  for (const [unit, size] of UNITS) if (s >= size) return format.format(-Math.floor(s / size), unit)
  return format.format(0, 'second')
}

/** The text of an alert type: the table's, or the type itself for one the page does not know. */
export const typeText = (type: string) => {
  const key = knownKey('type.', type, 'type.other')
  return key === 'type.other' ? type : t(key)
}
