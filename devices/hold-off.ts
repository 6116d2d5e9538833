/** Our own messages not yet seen back from the broker, at most. */
const MAX_PENDING = 50

const spell = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`)

export interface HoldOffOptions {
  id: string
  /** How long a device is left alone after a message from outside; 0: never. */
  holdOffMs: number
  log: (msg: string) => void
  /** Publishes a message again (the hand reading, so that it is the last one the hub sees). */
  republish(topic: string, payload: string): void
  /** The hold is over: the simulator sends the device's state again. */
  resume(): void
}

/**
 * Tells a simulated device's own messages from someone else's on its topics (a reading published by hand,
 * an `offline` on its availability topic) and then holds the device: the simulator publishes nothing for
 * it for `holdOffMs`, so the hand message stands. A further one restarts the wait.
 */
export class HoldOff {
  readonly #pending: string[] = []
  #held: { topic: string; payload: string; timer: NodeJS.Timeout } | null = null

  constructor(private readonly o: HoldOffOptions) {}

  get held(): boolean {
    return this.#held !== null
  }

  /** The simulator published this. */
  sent(topic: string, payload: string): void {
    this.#pending.push(`${topic}\n${payload}`)
    if (this.#pending.length > MAX_PENDING) this.#pending.shift()
  }

  /**
   * A message on one of the device's topics. `retain`: replayed to a new subscription, old news
   * ([MQTT-3.3.1-8]; a live message is delivered with retain 0 whatever it was published with).
   */
  heard(topic: string, payload: string, retain: boolean, availability: boolean): void {
    if (this.o.holdOffMs <= 0 || retain) return
    const mine = this.#pending.indexOf(`${topic}\n${payload}`)
    if (mine >= 0) {
      this.#pending.splice(0, mine + 1)
      // Ours, sent before the hand message reached us but after it reached the broker: the hub now has ours
      // last, so the hand message goes on top again.
      if (this.#held) this.o.republish(this.#held.topic, this.#held.payload)
      return
    }
    // Someone marking the device online by hand changes nothing the simulator would undo.
    if (availability && payload !== 'offline') return
    if (this.#held) clearTimeout(this.#held.timer)
    else
      this.o.log(
        `${this.o.id}: a ${availability ? 'status' : 'reading'} from outside the simulator (${payload}); leaving ${this.o.id} alone for ${spell(this.o.holdOffMs)}`,
      )
    const timer = setTimeout(() => {
      this.#held = null
      this.o.log(`${this.o.id}: simulating again`)
      this.o.resume()
    }, this.o.holdOffMs)
    timer.unref?.()
    this.#held = { topic, payload, timer }
  }

  stop(): void {
    if (this.#held) clearTimeout(this.#held.timer)
    this.#held = null
  }
}
