/**
 * A station's uplink, simulated: the protocol of docs/uplink.md from the station's end, light enough to run
 * a thousand in one process. On every connect it publishes `online` (retained, with `offline` as its last
 * will) and a birth; then it sends its journal from the cursor, one batch at a time, and moves the cursor
 * only on the central service's `down/ack`, never on the broker's PUBACK. No ack in time: the same batch
 * again. A rebirth request: a birth, then resend from what the district has committed.
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import mqtt, { type MqttClient } from 'mqtt'
import {
  type Command,
  decodeAck,
  decodeCommand,
  decodeRebirth,
  encode,
  packBatch,
  parseTopic,
  peekCommandId,
  stationSubscription,
  UPLINK_VERSION,
  upTopic,
} from '../../server/uplink/protocol.js'
import type { SimStation } from './model.js'

export interface UplinkSimOptions {
  url: string
  station: SimStation
  username?: string
  password?: string
  /** PEM file of the CA for mqtts://. */
  caFile?: string
  /** No ack this long after a batch: send it again. Default 5 s. */
  ackTimeoutMs?: number
  keepaliveSec?: number
  reconnectMs?: number
  log?: (m: string) => void
  /** Told of every command that arrives (a re-sent one too), after it is applied. */
  onCommand?: (c: Command, result: { ok: boolean; problem: string | null }) => void
}

export interface UplinkSimStats {
  batches: number
  resent: number
  births: number
  rebirths: number
  acks: number
  /** Milliseconds from an event's creation to the ack that covered it (for benchmarks; capped). */
  latencies: number[]
  /** Commands received (re-sent ones counted again), and applied (once per id). */
  commands: number
}

const MAX_SAMPLES = 200_000

export class UplinkSim {
  readonly station: SimStation
  readonly stats: UplinkSimStats = {
    batches: 0,
    resent: 0,
    births: 0,
    rebirths: 0,
    acks: 0,
    latencies: [],
    commands: 0,
  }
  /** The durable cursor: everything up to it is committed at the district. */
  cursor = 0
  #o: UplinkSimOptions
  #client: MqttClient | null = null
  #session = ''
  #inFlight: { to: number; timer: NodeJS.Timeout } | null = null
  readonly #createdAt = new Map<number, number>()
  #ackWaiters: Array<{ through: number; resolve: () => void }> = []

  constructor(o: UplinkSimOptions) {
    this.#o = o
    this.station = o.station
  }

  get connected(): boolean {
    return this.#client?.connected ?? false
  }

  async start(): Promise<void> {
    const s = this.station
    const ca = this.#o.caFile ? await readFile(this.#o.caFile) : undefined
    const state = (st: 'online' | 'offline') =>
      encode({ v: UPLINK_VERSION, state: st, session: this.#session })
    this.#session = randomUUID()
    const client = mqtt.connect(this.#o.url, {
      clientId: `station-${s.id}`,
      username: this.#o.username ?? s.id,
      password: this.#o.password,
      ca,
      clean: true,
      protocolVersion: 4,
      keepalive: this.#o.keepaliveSec ?? 30,
      reconnectPeriod: this.#o.reconnectMs ?? 1000,
      will: { topic: upTopic(s.id, 'state'), payload: Buffer.from(state('offline')), qos: 1, retain: true },
    })
    this.#client = client
    // Each connection is a new session, and its last will must name it: so the next session is chosen
    // before mqtt.js reconnects (it sends options.will in CONNECT).
    client.on('reconnect', () => {
      this.#session = randomUUID()
      client.options.will = {
        topic: upTopic(s.id, 'state'),
        payload: Buffer.from(state('offline')),
        qos: 1,
        retain: true,
      }
    })
    client.on('connect', () => {
      this.#cancelInFlight()
      client.subscribe(stationSubscription(s.id), { qos: 1 })
      void client
        .publishAsync(upTopic(s.id, 'state'), state('online'), { qos: 1, retain: true })
        .catch(() => {})
      this.#birth()
      this.#pump()
    })
    client.on('message', (topic, payload) => this.#onMessage(topic, payload))
    client.on('error', (err) => this.#o.log?.(`${s.id}: ${err.message}`))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${s.id}: no connection to ${this.#o.url}`)), 15_000)
      client.once('connect', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  /** Call after adding entries to the station's journal: sends them when nothing is in flight. */
  poke(): void {
    this.#pump()
  }

  /** Resolves once the district has acknowledged through `seq` (default: the current head). */
  acked(seq = this.station.head): Promise<void> {
    if (this.cursor >= seq) return Promise.resolve()
    return new Promise((resolve) => this.#ackWaiters.push({ through: seq, resolve }))
  }

  /** A clean stop: `offline` published, then disconnected. */
  async stop(): Promise<void> {
    this.#cancelInFlight()
    const c = this.#client
    this.#client = null
    if (!c) return
    if (c.connected)
      await c
        .publishAsync(
          upTopic(this.station.id, 'state'),
          encode({ v: UPLINK_VERSION, state: 'offline', session: this.#session }),
          {
            qos: 1,
            retain: true,
          },
        )
        .catch(() => {})
    await c.endAsync(true)
  }

  /** Goes dark as a power cut would: the socket dies, and the broker publishes the last will. */
  async kill(): Promise<void> {
    this.#cancelInFlight()
    const c = this.#client
    this.#client = null
    if (!c) return
    c.options.reconnectPeriod = 0
    c.stream?.destroy()
    await c.endAsync(true)
  }

  #birth(): void {
    const c = this.#client
    if (!c) return
    this.stats.births++
    const birth = this.station.birth(this.#session, this.cursor)
    void c.publishAsync(upTopic(this.station.id, 'birth'), encode(birth), { qos: 1 }).catch(() => {})
  }

  #pump(): void {
    const c = this.#client
    if (!c?.connected || this.#inFlight) return
    const pending = this.station.journal
    // The journal keeps what is not acknowledged; send from the cursor on.
    let start = 0
    while (start < pending.length && (pending[start]?.seq ?? 0) <= this.cursor) start++
    if (start >= pending.length) return
    const batch = packBatch(this.#session, this.station.head, pending.slice(start, start + 1000))
    if (!batch) return
    for (const e of batch.events)
      if (!this.#createdAt.has(e.seq) && this.#createdAt.size < MAX_SAMPLES)
        this.#createdAt.set(e.seq, Date.parse(e.at))
    this.stats.batches++
    const timer = setTimeout(() => {
      // No ack: the batch (or its ack) was lost, or the instance that took it died. Send again.
      this.stats.resent++
      this.#inFlight = null
      this.#pump()
    }, this.#o.ackTimeoutMs ?? 5000)
    timer.unref()
    this.#inFlight = { to: batch.to, timer }
    void c.publishAsync(upTopic(this.station.id, 'events'), encode(batch), { qos: 1 }).catch(() => {})
  }

  #cancelInFlight(): void {
    if (this.#inFlight) clearTimeout(this.#inFlight.timer)
    this.#inFlight = null
  }

  #onMessage(topic: string, payload: Buffer): void {
    const t = parseTopic(topic)
    if (t?.dir !== 'down' || t.stationId !== this.station.id) return
    if (t.kind === 'ack') {
      const d = decodeAck(payload)
      if (d.ok) this.#ack(d.value.through)
    } else if (t.kind === 'commands') {
      this.stats.commands++
      const d = decodeCommand(payload)
      if (d.ok) {
        const result = this.station.applyCommand(d.value)
        this.#o.onCommand?.(d.value, result)
      } else {
        const id = peekCommandId(payload)
        if (id) this.station.refuseCommand(id, d.error)
      }
      this.#pump()
    } else if (t.kind === 'rebirth') {
      const d = decodeRebirth(payload)
      if (!d.ok) return
      this.stats.rebirths++
      this.#ack(d.value.committed)
      this.#cancelInFlight()
      this.#birth()
      this.#pump()
    }
  }

  #ack(through: number): void {
    this.stats.acks++
    // Never past our own head: a district that says more was committed than we ever wrote is wrong.
    const upTo = Math.min(through, this.station.head)
    if (upTo > this.cursor) {
      const now = Date.now()
      for (const [seq, at] of this.#createdAt)
        if (seq <= upTo) {
          if (this.stats.latencies.length < MAX_SAMPLES) this.stats.latencies.push(now - at)
          this.#createdAt.delete(seq)
        }
      this.cursor = upTo
      this.station.acknowledged(upTo)
      this.#ackWaiters = this.#ackWaiters.filter((w) => {
        if (w.through > this.cursor) return true
        w.resolve()
        return false
      })
    }
    if (this.#inFlight && through >= this.#inFlight.to) {
      this.#cancelInFlight()
      this.#pump()
    }
  }
}
