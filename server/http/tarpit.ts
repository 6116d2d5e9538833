/**
 * Holds a refusal back for a moment before answering it. Someone who keeps 256 wrong logins in flight gets
 * each refusal at once and sends the next at once: the hub then serves refusals as fast as it can, and a
 * courier's check-in waits in line behind 256 of them (it took 0.5–1 s). Held back `ms`, the same 256 cost
 * the hub 256/ms·1000 requests a second at most, and the line stays short. A held request costs a socket and
 * a timer, no CPU; past `maxHeld` at once an answer goes out at once, so the hub's sockets are never all
 * held.
 */
export class Tarpit {
  readonly #maxHeld: number
  readonly #held = new Set<() => void>()
  /** Answers held back since start. */
  held = 0

  constructor(maxHeld = 512) {
    this.#maxHeld = maxHeld
  }

  /**
   * Resolves after about `ms` (±25 %, so a burst held together is not let go together, as a new burst), or at
   * once when as many are held already, or when release() is called.
   */
  hold(ms: number): Promise<void> {
    if (ms <= 0 || this.#held.size >= this.#maxHeld) return Promise.resolve()
    const wait = ms * (0.75 + Math.random() / 2)
    this.held++
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.#held.delete(done)
        resolve()
      }
      const timer = setTimeout(done, wait)
      this.#held.add(done)
    })
  }

  /** Answers every held request now (the hub is closing). */
  release(): void {
    for (const done of [...this.#held]) done()
  }
}
