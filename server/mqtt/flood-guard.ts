/**
 * Messages a client may publish, as a token bucket per connection: `perSec` on average, bursts of ten
 * seconds' worth. A sensor reports every few seconds; zigbee2mqtt, which speaks for every Zigbee device and
 * publishes its whole device list on start, gets ten times as much. A client past its budget is cut off and
 * its login (or, anonymous, its address) may not reconnect for PENALTY_MS: a hijacked sensor flooding its
 * own topic at 30,000 messages a second otherwise kept the hub's one thread busy with its readings, and
 * every check-in waited behind them.
 */
export const PENALTY_MS = 10_000
const BURST_SEC = 10

interface Bucket {
  tokens: number
  at: number
}

export class FloodGuard {
  readonly #buckets = new WeakMap<object, Bucket>()
  readonly #penalties = new Map<string, number>()
  readonly #now: () => number
  cut = 0

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Counts one message of `client`; false when it is over `perSec`. */
  take(client: object, perSec: number): boolean {
    const now = this.#now()
    const burst = perSec * BURST_SEC
    const b = this.#buckets.get(client) ?? { tokens: burst, at: now }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSec)
    b.at = now
    this.#buckets.set(client, b)
    if (b.tokens < 1) return false
    b.tokens--
    return true
  }

  /** Keeps `who` (a login, or an address) from reconnecting for PENALTY_MS. */
  penalize(who: string): void {
    this.cut++
    this.#penalties.set(who, this.#now() + PENALTY_MS)
    if (this.#penalties.size > 10_000) this.#sweep()
  }

  penalized(who: string): boolean {
    const until = this.#penalties.get(who)
    if (until === undefined) return false
    if (until > this.#now()) return true
    this.#penalties.delete(who)
    return false
  }

  #sweep(): void {
    const now = this.#now()
    for (const [who, until] of this.#penalties) if (until <= now) this.#penalties.delete(who)
  }
}
