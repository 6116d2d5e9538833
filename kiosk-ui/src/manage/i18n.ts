// The console's strings (i18n-zh.ts, i18n-en.ts) bound to the one i18n engine of both pages
// (lib/i18n.ts), and the console's ways of writing times, in the station's zone (lib/station-time.ts).
import { createTranslator, type PlainKeyOf, rememberLang } from '../lib/i18n.js'
import { clockTime, dateWords, yearOf } from '../lib/station-time.js'
import { en } from './i18n-en.js'
import { zh } from './i18n-zh.js'

export { type Lang, lang, pick, setLang, toggleLang } from '../lib/i18n.js'
export { clockTime } from '../lib/station-time.js'
export type { MessageKey } from './i18n-zh.js'
/** A key whose text takes no parameters: what a lookup table (code → message) may hold. */
export type PlainKey = PlainKeyOf<typeof zh>

export const { t, tables } = createTranslator<typeof zh>({ 'zh-CN': zh, en })

// A manager's choice of language is kept on the phone for the next visit.
rememberLang('manage.lang')

/** `12月3日 14:05` / `3 Dec 14:05`, in station time (the year only when it is not this one). */
export function dateTime(iso: string | null): string {
  const ms = iso ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(ms)) return '—'
  const withYear = yearOf(ms) !== yearOf(Date.now())
  return `${dateWords(ms, { withYear })} ${clockTime(ms)}`
}

/** "12 分钟前", in the largest whole unit; never in the future (phone and hub clocks may differ a little). */
export function ago(iso: string | null, nowMs: number): string {
  const then = iso ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(then)) return '—'
  const s = Math.max(0, Math.floor((nowMs - then) / 1000))
  if (s < 60) return t('ago.now')
  if (s < 3600) return t('ago.minutes', { n: Math.floor(s / 60) })
  if (s < 86_400) return t('ago.hours', { n: Math.floor(s / 3600) })
  return t('ago.days', { n: Math.floor(s / 86_400) })
}

/** 90 → "1 小时 30 分" */
export function duration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes))
  if (m < 60) return t('duration.minutes', { m })
  if (m % 60 === 0) return t('duration.wholeHours', { h: m / 60 })
  return t('duration.hours', { h: Math.floor(m / 60), m: m % 60 })
}
