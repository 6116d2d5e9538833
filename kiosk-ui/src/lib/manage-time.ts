// The station's calendar on the manager's phone. Every date and time the console shows or asks for is in the
// station's time zone (`station.timeZone` from /api/kiosk), whatever zone the phone is set to: a manager
// travelling, or a phone never set, must still see 09:00 for an event at the station at 09:00.
import { stationZone } from './station-time.js'

export { stationZone }

const formats = new Map<string, Intl.DateTimeFormat>()

/** Year, month (1–12), day, hour (0–23), minute and second of `ms` on the station's clock. */
export function wallParts(ms: number, zone = stationZone.value) {
  let f = formats.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formats.set(zone, f)
  }
  const p: Record<string, number> = {}
  for (const { type, value } of f.formatToParts(ms)) if (type !== 'literal') p[type] = Number(value)
  return {
    year: p.year as number,
    month: p.month as number,
    day: p.day as number,
    hour: p.hour as number,
    minute: p.minute as number,
    second: p.second as number,
  }
}

/** How far the station's clock is ahead of UTC at `ms`, in ms. */
export function offsetAt(ms: number, zone = stationZone.value): number {
  const w = wallParts(ms, zone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/**
 * The instant the station's clock shows this wall time (`YYYY-MM-DDTHH:MM`, or a date alone: its
 * midnight); null for anything else. In a gap of a summer-time change the time after it; in an overlap,
 * the first.
 */
export function fromWall(wall: string, zone = stationZone.value): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(wall)
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0'] = m
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi))
  if (Number.isNaN(naive)) return null
  // Two rounds find the offset in force at the result, also across a change of offset.
  const first = naive - offsetAt(naive, zone)
  const second = naive - offsetAt(first, zone)
  return offsetAt(second, zone) === offsetAt(first, zone) ? second : Math.max(first, second)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `YYYY-MM-DDTHH:MM` on the station's clock: the value of an <input type="datetime-local">. */
export function toWall(ms: number, zone = stationZone.value): string {
  const w = wallParts(ms, zone)
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`
}

/** YYYY-MM-DD of the station day `ms` falls in. */
export const stationDay = (ms: number, zone = stationZone.value) => toWall(ms, zone).slice(0, 10)

/** YYYY-MM of the station month `ms` falls in. */
export const stationMonth = (ms: number, zone = stationZone.value) => toWall(ms, zone).slice(0, 7)

/** The month before the station month `ms` falls in (the report usually wanted at a month's start). */
export function monthBefore(ms: number, zone = stationZone.value): string {
  const w = wallParts(ms, zone)
  return w.month === 1 ? `${w.year - 1}-12` : `${w.year}-${pad(w.month - 1)}`
}

/** The instant a station day (YYYY-MM-DD) begins; days may be 23 or 25 hours long. */
export const dayStartOf = (day: string, zone = stationZone.value) => fromWall(day, zone)

/** The midnights of the station days that begin within [from, to] (ms). */
export function midnightsWithin(from: number, to: number, zone = stationZone.value): number[] {
  const out: number[] = []
  let day = stationDay(from, zone)
  for (let i = 0; i < 400; i++) {
    const start = dayStartOf(day, zone) as number
    if (start > to) break
    if (start >= from) out.push(start)
    const noonNext = start + 36 * 3_600_000
    day = stationDay(noonNext, zone)
  }
  return out
}

/** The last moment of a station day (YYYY-MM-DD): "until and including that day". */
export function dayEndOf(day: string, zone = stationZone.value): number | null {
  const start = fromWall(day, zone)
  if (start === null) return null
  return (dayStartOf(stationDay(start + 36 * 3_600_000, zone), zone) as number) - 1000
}
