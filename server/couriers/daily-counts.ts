/** Visits of one station day: the figures kept without anyone's phone. */
export interface DayCount {
  total: number
  /** Of them, by a courier seen before (within privacy.personalDataDays). */
  returning?: number
  byPlatform: Record<string, number>
  byPurpose: Record<string, number>
}

/**
 * Visits counted per station day, by platform and by purpose: the figures that outlive the phone numbers
 * (privacy.personalDataDays). Small: a station's whole life is a few thousand days of a few dozen counts.
 */
export class DailyCounts {
  #days = new Map<string, DayCount>()

  add(day: string, platform: string, purposes: readonly string[], n = 1, returning = false): void {
    let d = this.#days.get(day)
    if (!d) {
      d = { total: 0, byPlatform: {}, byPurpose: {} }
      this.#days.set(day, d)
    }
    d.total += n
    if (returning) d.returning = (d.returning ?? 0) + n
    d.byPlatform[platform] = (d.byPlatform[platform] ?? 0) + n
    for (const p of purposes) d.byPurpose[p] = (d.byPurpose[p] ?? 0) + n
  }

  /** Takes back a count that could not be made durable. */
  remove(day: string, platform: string, purposes: readonly string[], returning = false): void {
    this.add(day, platform, purposes, -1, returning)
  }

  get(day: string): DayCount | undefined {
    return this.#days.get(day)
  }

  /** Summed over the days, every configured id listed (0 if none). */
  sum(days: Iterable<string>, platforms: string[], purposes: string[]): DayCount {
    const out: DayCount = {
      total: 0,
      byPlatform: Object.fromEntries(platforms.map((id) => [id, 0])),
      byPurpose: Object.fromEntries(purposes.map((id) => [id, 0])),
    }
    for (const day of days) {
      const d = this.#days.get(day)
      if (!d) continue
      out.total += d.total
      out.returning = (out.returning ?? 0) + (d.returning ?? 0)
      for (const [k, n] of Object.entries(d.byPlatform)) out.byPlatform[k] = (out.byPlatform[k] ?? 0) + n
      for (const [k, n] of Object.entries(d.byPurpose)) out.byPurpose[k] = (out.byPurpose[k] ?? 0) + n
    }
    return out
  }

  save(): Record<string, DayCount> {
    return Object.fromEntries(this.#days)
  }

  load(saved: Record<string, DayCount>): void {
    this.#days = new Map(Object.entries(saved))
  }
}
