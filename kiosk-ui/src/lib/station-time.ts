// Dates and times on both pages are the station's, whatever zone the screen's device is set to: a phone
// abroad, or a kiosk whose clock zone was never set, shows the same "09:00" the station means.
// /api/kiosk gives the zone (station.timeZone); until it answers, the default of the station config.
import { locale } from './i18n.js'
import { signal } from './signal.js'

export const DEFAULT_ZONE = 'Asia/Shanghai'

export const stationZone = signal(DEFAULT_ZONE)

/** Takes the zone from the hub; one the browser does not know keeps the one before. */
export function setStationZone(zone: string | undefined): void {
  if (!zone) return
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    stationZone.value = zone
  } catch {
    // An unknown zone name: keep the default rather than throw on every date.
  }
}

const format = (ms: number, lang: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(lang, { timeZone: stationZone.value, ...options }).format(ms)

/** `2026-12-03`: the station day, for comparing days. */
export const dayKey = (ms: number) =>
  format(ms, 'en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' })

/** The station's year. */
export const yearOf = (ms: number) => format(ms, 'en-CA', { year: 'numeric' })

/** `14:05`, 24-hour, in both languages. */
export const clockTime = (ms: number) =>
  format(ms, 'en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/**
 * The date in words, never all digits (03/12 reads as 3 Dec to one reader and 12 March to another): the
 * same day is `12月3日周四` in Chinese and `Thu 3 Dec` in English; the year only when `withYear`.
 */
export function dateWords(ms: number, options: { weekday?: boolean; withYear?: boolean } = {}): string {
  return format(ms, locale(), {
    year: options.withYear ? 'numeric' : undefined,
    month: locale() === 'en-GB' ? 'short' : 'long',
    day: 'numeric',
    weekday: options.weekday ? 'short' : undefined,
  })
}
