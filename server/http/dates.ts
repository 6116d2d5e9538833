import { Format } from 'typebox/format'
import { Errors } from '../errors.js'

/**
 * The one reader of dates a person or a program sends (query strings, bodies, the station file). Date.parse
 * alone rolls an impossible date over (`2026-02-30` becomes March 2) and reads things that are no ISO 8601
 * at all; here a day must exist on the calendar and a time must be RFC 3339 with its offset.
 */

/** `YYYY-MM-DD`, a day that exists (2024-02-29 yes, 2026-02-29 no). */
export function isCalendarDay(text: string): boolean {
  return Format.IsDate(text)
}

/**
 * An RFC 3339 date-time with offset (`2026-12-03T09:00:00+08:00`) on a day that exists, as ms since 1970;
 * null for anything else. A leap second or an RFC 9557 `[zone]` suffix, which Date.parse cannot read, is
 * refused rather than turned into NaN.
 */
export function parseIsoInstant(text: string): number | null {
  if (text.length > 40 || !Format.IsDateTime(text) || text.includes('[')) return null
  const t = Date.parse(text)
  return Number.isFinite(t) ? t : null
}

/** Milliseconds since 1970 as digits, or an ISO instant (above); null for anything else. */
export function parseInstant(text: string): number | null {
  if (/^\d{1,15}$/.test(text)) return Number(text)
  return parseIsoInstant(text)
}

/**
 * A time from a query string: `fallback` when absent or empty, else a time or 400 HUB_ERR_BAD_RANGE
 * naming the parameter (never echoing more than its first 40 characters).
 */
export function queryInstant(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const t = parseInstant(value)
  if (t === null)
    throw new Errors.BAD_RANGE(
      `${name} must be an ISO 8601 time with offset on a day that exists (e.g. 2026-12-03T09:00:00+08:00) or milliseconds, got "${value.slice(0, 40)}"`,
    )
  return t
}

// Every schema with `format: 'date-time'` or `format: 'date'` (request bodies, the station file) checks
// with the rules above, so a value that passes can always be read.
Format.Set('date-time', (v) => parseIsoInstant(v) !== null)
Format.Set('date', isCalendarDay)
