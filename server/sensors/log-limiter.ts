/**
 * Logs a repeated complaint once per window per key, then says how many were held back, so a device
 * that sends garbage ten times a second cannot flood the log (or wear out the SD card).
 */
export class LogLimiter {
  readonly #last = new Map<string, { at: number; suppressed: number }>()

  constructor(
    private readonly now: () => number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 1000,
  ) {}

  /** Returns the line to log (with a held-back count), or null to stay quiet. */
  allow(key: string, line: string): string | null {
    const t = this.now()
    const seen = this.#last.get(key)
    if (seen && t - seen.at < this.windowMs) {
      seen.suppressed++
      return null
    }
    if (!seen && this.#last.size >= this.maxKeys) this.#last.delete(this.#last.keys().next().value as string)
    const held = seen?.suppressed ?? 0
    this.#last.set(key, { at: t, suppressed: 0 })
    return held > 0
      ? `${line} (${held} more like it in the last ${Math.round(this.windowMs / 1000)} s)`
      : line
  }
}
