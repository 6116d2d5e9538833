/**
 * What the broker keeps as retained messages, bounded by count and bytes. Past either bound a new retained
 * message is still delivered to whoever is subscribed, but not kept (its retain flag is dropped), so a
 * device that floods retained topics cannot fill the hub's memory: 40 of 5 MiB once added 190 MiB that
 * never came back. Replacing a kept topic only needs room for the difference; an empty retained message
 * clears a topic and frees its place [MQTT-3.3.1-10].
 */
export interface RetainedLimits {
  maxMessages: number
  maxBytes: number
}

export class RetainedBudget {
  readonly #limits: RetainedLimits
  readonly #bytes = new Map<string, number>()
  #total = 0
  refused = 0

  constructor(limits: RetainedLimits) {
    this.#limits = limits
  }

  /** Whether a retained publish of `size` payload bytes on `topic` may be kept; counts it if so. */
  admit(topic: string, size: number): boolean {
    const old = this.#bytes.get(topic)
    if (size === 0) {
      if (old !== undefined) {
        this.#bytes.delete(topic)
        this.#total -= old
      }
      return true
    }
    const count = this.#bytes.size + (old === undefined ? 1 : 0)
    const total = this.#total - (old ?? 0) + size
    if (count > this.#limits.maxMessages || total > this.#limits.maxBytes) {
      this.refused++
      return false
    }
    this.#bytes.set(topic, size)
    this.#total = total
    return true
  }

  get messages(): number {
    return this.#bytes.size
  }

  get bytes(): number {
    return this.#total
  }
}
