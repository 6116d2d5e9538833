/** Why a message from the stations' side was not taken. */
export type Refusal =
  | 'unknown-station'
  | 'revoked-station'
  | 'bad-login'
  | 'foreign-topic'
  | 'bad-topic'
  | 'bad-payload'

const REFUSALS: Refusal[] = [
  'unknown-station',
  'revoked-station',
  'bad-login',
  'foreign-topic',
  'bad-topic',
  'bad-payload',
]

export interface RefusedBy {
  count: number
  lastReason: Refusal
  lastAt: string
  lastError: string | null
}

/** Most stations whose refusals are told apart; past it, only the totals count (an attack cannot fill memory). */
const MAX_NAMED = 1000

/** What this instance has done since it started (GET /api/health). */
export class IngestStats {
  births = 0
  batches = 0
  /** Events stored (new); a re-sent event is not counted again. */
  events = 0
  /** Stored but counted in no figure: unknown type, newer version, invalid payload. */
  unread = 0
  duplicates = 0
  gaps = 0
  rebirths = 0
  /** Database errors: the batch was not acknowledged, so the station sends it again. */
  failures = 0
  lastFailure: string | null = null
  readonly refused = Object.fromEntries(REFUSALS.map((r) => [r, 0])) as Record<Refusal, number>
  readonly #byStation = new Map<string, RefusedBy>()
  readonly #timers = new Set<(seconds: number) => void>()

  /** A batch was committed in `seconds` (its transaction, to COMMIT): told to the /metrics histogram. */
  committed(seconds: number): void {
    for (const f of this.#timers) f(seconds)
  }

  /** Tells `listener` each batch's database time; returns how to stop. */
  onCommitted(listener: (seconds: number) => void): () => void {
    this.#timers.add(listener)
    return () => this.#timers.delete(listener)
  }

  refuse(reason: Refusal, station: string | null, error: string | null = null): void {
    this.refused[reason]++
    if (station === null) return
    const known = this.#byStation.get(station)
    if (!known && this.#byStation.size >= MAX_NAMED) return
    const entry = known ?? { count: 0, lastReason: reason, lastAt: '', lastError: null }
    entry.count++
    entry.lastReason = reason
    entry.lastAt = new Date().toISOString()
    entry.lastError = error
    this.#byStation.set(station, entry)
  }

  refusedBy(station: string): RefusedBy | null {
    return this.#byStation.get(station) ?? null
  }

  toJSON() {
    return {
      births: this.births,
      batches: this.batches,
      events: this.events,
      unread: this.unread,
      duplicates: this.duplicates,
      gaps: this.gaps,
      rebirths: this.rebirths,
      failures: this.failures,
      lastFailure: this.lastFailure,
      refused: { ...this.refused },
      refusedStations: Object.fromEntries(this.#byStation),
    }
  }
}
