import mqtt, { type MqttClient } from 'mqtt'
import type { EventBus } from '../bus/bus.js'
import type { Clock } from '../clock.js'
import type { HubFeed } from './local-feed.js'

export interface ConnectionOptions {
  url: string
  username?: string
  password?: string
  clientId: string
  topics: string[]
  reconnectMinMs: number
  reconnectMaxMs: number
  clock: Clock
  bus: EventBus
  onMessage: (topic: string, payload: Buffer) => void
  log: { info(msg: string): void; warn(msg: string): void }
}

/**
 * The hub's MQTT client of an external broker (mqtt.url). mqtt.js retries at a fixed period; a broker that is down for an hour deserves
 * a backoff instead, so reconnects are scheduled here: min, doubling up to max, reset on success.
 */
export class BrokerConnection implements HubFeed {
  readonly #client: MqttClient
  #delay: number
  #timer: unknown = null
  #closing = false
  connected = false
  reconnects = 0

  constructor(private readonly o: ConnectionOptions) {
    this.#delay = o.reconnectMinMs
    this.#client = mqtt.connect(o.url, {
      clientId: o.clientId,
      username: o.username,
      password: o.password,
      clean: true,
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: 5000,
      keepalive: 30,
    })
    this.#client.on('connect', () => this.#onConnect())
    this.#client.on('message', (topic, payload) => o.onMessage(topic, payload))
    this.#client.on('close', () => this.#onClose())
    this.#client.on('error', (err) => o.log.warn(`mqtt: ${err.message}`))
  }

  get clientId(): string {
    return this.o.clientId
  }

  /** Resolves when first connected, or after `ms` (the hub serves HTTP without a broker). */
  async waitConnected(ms: number): Promise<boolean> {
    if (this.connected) return true
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms)
      this.#client.once('connect', () => {
        clearTimeout(t)
        resolve(true)
      })
    })
  }

  #onConnect(): void {
    this.connected = true
    this.#delay = this.o.reconnectMinMs
    this.o.log.info(`mqtt: connected to ${this.o.url}`)
    this.#client.subscribe(this.o.topics, { qos: 1 }, (err) => {
      if (err) this.o.log.warn(`mqtt: subscribe failed: ${err.message}`)
    })
    this.o.bus.emit('broker.status', { connected: true, url: this.o.url })
  }

  #onClose(): void {
    if (this.connected) {
      this.connected = false
      if (this.#closing) return
      this.o.log.warn(`mqtt: lost the broker at ${this.o.url}; reconnecting with backoff`)
      this.o.bus.emit('broker.status', { connected: false, url: this.o.url })
    }
    if (this.#closing || this.#timer) return
    const delay = this.#delay
    this.#delay = Math.min(this.#delay * 2, this.o.reconnectMaxMs)
    this.#timer = this.o.clock.setTimeout(() => {
      this.#timer = null
      if (this.#closing) return
      this.reconnects++
      this.#client.reconnect()
    }, delay)
  }

  async close(): Promise<void> {
    this.#closing = true
    if (this.#timer) this.o.clock.clearTimeout(this.#timer)
    await this.#client.endAsync(true)
  }
}
