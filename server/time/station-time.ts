/**
 * Station time: what "today", "this week", "this month", an expiry day and a history day mean at the
 * station, in its configured IANA zone (`station.timeZone`, default Asia/Shanghai), whatever the zone of
 * the machine the hub runs on. Every calendar computation of the server goes through one StationTime; the
 * screens get the zone from the hub and format with it too.
 */

const MINUTE = 60_000
export const DAY = 86_400_000
/** Offsets are cached per quarter hour: zones change their offset on quarter hours at the earliest. */
const BUCKET = 15 * MINUTE
const CACHE_MAX = 4096

export type Period = 'day' | 'week' | 'month'

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** Whether `zone` is an IANA time zone this Node knows (its ICU data). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

export class StationTime {
  readonly zone: string
  readonly #format: Intl.DateTimeFormat
  readonly #offsets = new Map<number, number>()
  /** The offset when it is the same all year (no daylight saving time, e.g. China), else null. */
  readonly #fixed: number | null

  constructor(zone: string = DEFAULT_TIME_ZONE) {
    if (!isTimeZone(zone)) throw new RangeError(`unknown time zone "${zone}"`)
    this.zone = zone
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    // Fixed when every quarter of this year and the last has the same offset: then no lookups at all.
    const now = Date.now()
    const probes = [0, 1, 2, 3, 4, 5, 6, 7].map((q) => this.#compute(now - q * 91 * DAY))
    this.#fixed = probes.every((o) => o === probes[0]) ? (probes[0] as number) : null
  }

  /** Milliseconds to add to a UTC instant to get the station's wall clock at that instant. */
  offsetAt(ms: number): number {
    if (this.#fixed !== null) return this.#fixed
    const bucket = Math.floor(ms / BUCKET)
    let o = this.#offsets.get(bucket)
    if (o === undefined) {
      o = this.#compute(bucket * BUCKET)
      if (this.#offsets.size >= CACHE_MAX) this.#offsets.clear()
      this.#offsets.set(bucket, o)
    }
    return o
  }

  /** The instant (ms) at which the station's wall clock shows `wall` (a UTC-based ms of the wall time). */
  fromWall(wall: number): number {
    // Two rounds settle the offset across a daylight-saving change.
    const guess = wall - this.offsetAt(wall)
    return wall - this.offsetAt(guess)
  }

  /** `2026-11-27` for any instant of that station day. */
  day(ms: number): string {
    return new Date(ms + this.offsetAt(ms)).toISOString().slice(0, 10)
  }

  /** `2026-11` for any instant of that station month. */
  month(ms: number): string {
    return new Date(ms + this.offsetAt(ms)).toISOString().slice(0, 7)
  }

  /** The month of `ms` as one number (year × 12 + month), for comparing months cheaply. */
  monthIndex(ms: number): number {
    const local = new Date(ms + this.offsetAt(ms))
    return local.getUTCFullYear() * 12 + local.getUTCMonth()
  }

  /** `2026-11-27 16:05`: an instant as a person at the station reads it. */
  dateTime(t: string | number): string {
    const ms = typeof t === 'number' ? t : Date.parse(t)
    return new Date(ms + this.offsetAt(ms)).toISOString().slice(0, 16).replace('T', ' ')
  }

  /** When the station day `YYYY-MM-DD` starts (ms), or null when there is no such date (2026-02-30). */
  dayStart(date: string): number | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
    if (!m) return null
    const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
    if (new Date(wall).toISOString().slice(0, 10) !== date) return null
    return this.fromWall(wall)
  }

  /** When the station day `YYYY-MM-DD` ends (the start of the next), or null when there is no such date. */
  dayEnd(date: string): number | null {
    const start = this.dayStart(date)
    if (start === null) return null
    return this.fromWall(Date.parse(`${date}T00:00:00Z`) + DAY)
  }

  /** The start of the station day containing `ms`. */
  startOfDay(ms: number): number {
    const local = new Date(ms + this.offsetAt(ms))
    return this.fromWall(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()))
  }

  /** `YYYY-MM-DD` of the day `days` after the station day of `ms`. */
  dayAfter(ms: number, days: number): string {
    const local = new Date(ms + this.offsetAt(ms))
    return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days))
      .toISOString()
      .slice(0, 10)
  }

  /** The period containing `ms`: [from, to) in milliseconds. Weeks start on Monday. */
  periodRange(period: Period, ms: number): { from: number; to: number } {
    const local = new Date(ms + this.offsetAt(ms))
    const y = local.getUTCFullYear()
    const m = local.getUTCMonth()
    const d = local.getUTCDate()
    if (period === 'day')
      return { from: this.fromWall(Date.UTC(y, m, d)), to: this.fromWall(Date.UTC(y, m, d + 1)) }
    if (period === 'week') {
      const sinceMonday = (local.getUTCDay() + 6) % 7
      return {
        from: this.fromWall(Date.UTC(y, m, d - sinceMonday)),
        to: this.fromWall(Date.UTC(y, m, d - sinceMonday + 7)),
      }
    }
    return { from: this.fromWall(Date.UTC(y, m, 1)), to: this.fromWall(Date.UTC(y, m + 1, 1)) }
  }

  /** The days of the station month `YYYY-MM`: their dates, when each starts; null if no such month. */
  monthDays(month: string): { from: number; to: number; dates: string[] } | null {
    const m = /^(\d{4})-(\d{2})$/.exec(month)
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null
    const y = Number(m[1])
    const mo = Number(m[2]) - 1
    const count = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate()
    const dates = Array.from({ length: count }, (_, i) => `${month}-${pad(i + 1)}`)
    return { from: this.fromWall(Date.UTC(y, mo, 1)), to: this.fromWall(Date.UTC(y, mo + 1, 1)), dates }
  }

  /** ISO 8601 with the station's offset, e.g. `2026-11-27T16:05:00+08:00` (for people and exports). */
  isoLocal(ms: number): string {
    const o = this.offsetAt(ms)
    const sign = o < 0 ? '-' : '+'
    const a = Math.abs(o) / MINUTE
    return `${new Date(ms + o).toISOString().slice(0, 19)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
  }

  #compute(ms: number): number {
    const parts: Record<string, number> = {}
    for (const p of this.#format.formatToParts(new Date(ms)))
      if (p.type !== 'literal') parts[p.type] = Number(p.value)
    const wall = Date.UTC(
      parts.year as number,
      (parts.month as number) - 1,
      parts.day as number,
      parts.hour as number,
      parts.minute as number,
      parts.second as number,
    )
    return Math.round((wall - (ms - (ms % 1000))) / MINUTE) * MINUTE
  }
}
