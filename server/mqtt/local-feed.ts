import type { Aedes, AedesPublishPacket } from 'aedes'

export interface HubFeed {
  connected: boolean
  reconnects: number
  /** Resolves true when messages flow, or false after `ms`. */
  waitConnected(ms: number): Promise<boolean>
  close(): Promise<void>
}

type Deliver = (packet: AedesPublishPacket, cb: () => void) => void

/**
 * The hub reading its own embedded broker in-process (aedes.subscribe), not as a network client: there is
 * no client id to take over, no login to steal, no session for another client to kick. Every message a
 * device publishes on `topics` is handed to `onMessage` before the broker acknowledges it.
 */
export class LocalFeed implements HubFeed {
  readonly connected = true
  readonly reconnects = 0
  readonly #broker: Aedes
  readonly #topics: string[]
  readonly #deliver: Deliver
  readonly #ready: Promise<void>

  constructor(
    broker: Aedes,
    topics: string[],
    onMessage: (topic: string, payload: Buffer) => void,
    onError: (err: unknown) => void,
  ) {
    this.#broker = broker
    this.#topics = topics
    this.#deliver = (packet, cb) => {
      try {
        const p = packet.payload
        onMessage(packet.topic, Buffer.isBuffer(p) ? p : Buffer.from(p))
      } catch (err) {
        onError(err)
      }
      cb()
    }
    this.#ready = Promise.all(
      topics.map((t) => new Promise<void>((resolve) => broker.subscribe(t, this.#deliver, () => resolve()))),
    ).then(() => {})
  }

  async waitConnected(): Promise<boolean> {
    await this.#ready
    return true
  }

  async close(): Promise<void> {
    await this.#ready
    await Promise.all(
      this.#topics.map(
        (t) => new Promise<void>((resolve) => this.#broker.unsubscribe(t, this.#deliver, () => resolve())),
      ),
    )
  }
}
