import { stationZone, wallParts } from '../lib/manage-time.js'
import { signal } from '../lib/signal.js'
import { en } from './i18n-en.js'
import { type MessageKey, zh } from './i18n-zh.js'

export type { MessageKey } from './i18n-zh.js'
export type Lang = 'zh-CN' | 'en'

// The console's own strings (the kiosk has its table in src/lib/i18n.ts): Chinese is the source, English
// must have every key (a compile error otherwise), `{name}` marks a parameter.
export const tables: Record<Lang, { readonly [K in MessageKey]: string }> = { 'zh-CN': zh, en }

type ParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamNames<Rest>
  : never
/** A key whose text takes no parameters: what a lookup table (code → message) may hold. */
export type PlainKey = {
  [K in MessageKey]: [ParamNames<(typeof zh)[K]>] extends [never] ? K : never
}[MessageKey]
type ParamsFor<K extends MessageKey> = [ParamNames<(typeof zh)[K]>] extends [never]
  ? []
  : [params: Record<ParamNames<(typeof zh)[K]>, string | number>]

const STORE_KEY = 'manage.lang'

function saved(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const lang = signal<Lang>(saved())

export function t<K extends MessageKey>(key: K, ...params: ParamsFor<K>): string {
  const text: string = tables[lang.value][key]
  const values: Record<string, string | number> | undefined = params[0]
  if (!values) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole))
}

export function setLang(next: Lang): void {
  lang.value = next
  try {
    globalThis.localStorage?.setItem(STORE_KEY, next)
  } catch {
    // Private mode: the choice lasts for this visit only.
  }
  // The lang attribute also picks the right CJK glyph forms in the font stack.
  if (typeof document !== 'undefined') document.documentElement.lang = next
}

export const toggleLang = () => setLang(lang.value === 'zh-CN' ? 'en' : 'zh-CN')

/** A bilingual text from the hub (alert titles, platform names) in the current language. */
export const pick = (text: { zh: string; en: string }) => (lang.value === 'en' ? text.en : text.zh)

const locale = () => (lang.value === 'en' ? 'en-GB' : 'zh-CN')

// Every time below is on the station's clock (lib/manage-time.ts), not the phone's.

/** 14:05 */
export const clockTime = (ms: number) =>
  new Date(ms).toLocaleTimeString(locale(), {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: stationZone.value,
  })

/** 11/27 14:05 (zh) or 27 Nov 14:05 (en); the year only when it is not this one. */
export function dateTime(iso: string | null): string {
  const ms = iso ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(ms)) return '—'
  return `${dayText(ms)} ${clockTime(ms)}`
}

/** 11/27 (zh) or 27 Nov (en), as a station day; with the year when it is not this one. */
export function dayText(ms: number, opts: { year?: boolean } = {}): string {
  const sameYear = wallParts(ms).year === wallParts(Date.now()).year
  return new Date(ms).toLocaleDateString(locale(), {
    year: opts.year || !sameYear ? 'numeric' : undefined,
    month: lang.value === 'en' ? 'short' : 'numeric',
    day: 'numeric',
    timeZone: stationZone.value,
  })
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
