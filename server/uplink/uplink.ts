import { randomUUID } from 'node:crypto'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { Clock } from '../clock.js'
import type { Cursor } from '../store/cursors.js'
import { JournalFollower } from '../store/follower.js'
import type { JournalEntry } from '../store/journal.js'
import type { Store } from '../store/store.js'
import { birthOf, type StationPicture } from './birth.js'
import {
  type Command,
  decodeAck,
  decodeCommand,
  decodeRebirth,
  encode,
  MAX_BATCH_EVENTS,
  type Outgoing,
  packBatch,
  parseTopic,
  stationSubscription,
  UPLINK_VERSION,
  upTopic,
} from './protocol.js'
import { type StationLookups, translate } from './translate.js'

export interface UplinkSettings {
  url: string
  username: string
  password: string
  ca?: Buffer
  ackTimeoutSec: number
  keepaliveSec: number
}

export interface UplinkOptions {
  stationId: string
  settings: UplinkSettings
  clock: Clock
  store: Pick<Store, 'read' | 'onDurable' | 'cursor' | 'journal'>
  picture: StationPicture
  lookups: StationLookups
  /** A command from the district: applied once by id (server/uplink/commands.ts). */
  onCommand: (c: Command) => Promise<void>
  log: { info(msg: string): void; warn(msg: string): void }
}

export type UplinkState = 'connecting' | 'online' | 'offline' | 'stopped'

/**
 * Journal entries read per page. The batches are cut from a page one after another (at most 500 events,
 * 256 KiB each) until it is used up: reading a page from the disk parses the whole journal segment it
 * starts in, so it must not happen once per batch. Bounds the memory a backlog takes.
 */
const PAGE = 5000

/**
 * The station's side of the uplink (docs/uplink.md): a birth on every connect, then the journal from the
 * durable cursor, one batch at a time, the cursor moved only by the district's ack after its COMMIT (never
 * by the broker's PUBACK). The backlog is the journal on disk between the cursor and its head: memory does
 * not grow with it, and nothing the station does waits on the link.
 */
export class Uplink {
  readonly stats = {
    batches: 0,
    resent: 0,
    events: 0,
    births: 0,
    acks: 0,
    rejected: 0,
    ackNotSaved: 0,
    sendErrors: 0,
  }
  #state: UplinkState = 'connecting'
  #client: MqttClient | null = null
  #session = randomUUID()
  readonly #cursor: Cursor
  readonly #follower: JournalFollower
  /** The batch in flight: its last seq, and who waits for its ack. */
  #inflight: { to: number; acked: () => void } | null = null
  /** Where the next batch starts (after a resend, back at the cursor). */
  #sentThrough: number
  /** The last page read from the journal, after seq `after`: the next batches are cut from what is left. */
  #page: { after: number; entries: JournalEntry[] } = { after: Number.POSITIVE_INFINITY, entries: [] }
  #wake: (() => void) | null = null
  #loop: Promise<void> | null = null
  #since = Date.now()
  #lastAckAt: string | null = null

  constructor(private readonly o: UplinkOptions) {
    this.#cursor = o.store.cursor('uplink')
    this.#sentThrough = this.#cursor.seq
    this.#follower = new JournalFollower(o.store, o.clock)
  }

  get state(): UplinkState {
    return this.#state
  }

  /** What /api/health shows: the link, the backlog on disk, the last ack. */
  health() {
    const head = this.o.store.journal.lastSeq
    return {
      state: this.#state,
      since: new Date(this.#since).toISOString(),
      url: this.o.settings.url,
      cursor: this.#cursor.seq,
      backlog: Math.max(0, head - this.#cursor.seq),
      lastAckAt: this.#lastAckAt,
      ...this.stats,
    }
  }

  start(): void {
    const s = this.o.settings
    const will = () => ({
      topic: upTopic(this.o.stationId, 'state'),
      payload: Buffer.from(encode({ v: UPLINK_VERSION, state: 'offline', session: this.#session })),
      qos: 1 as const,
      retain: true,
    })
    const options: IClientOptions = {
      username: s.username,
      password: s.password,
      clean: true,
      keepalive: s.keepaliveSec,
      reconnectPeriod: 3000,
      connectTimeout: 10_000,
      clientId: `redstation-uplink-${this.o.stationId}-${randomUUID().slice(0, 8)}`,
      will: will(),
      ...(s.ca ? { ca: s.ca, rejectUnauthorized: true } : {}),
    }
    const client = mqtt.connect(s.url, options)
    this.#client = client
    // A new session for every connection, chosen before it connects: the will names it.
    client.on('reconnect', () => {
      this.#session = randomUUID()
      client.options.will = will()
      this.#set('connecting')
    })
    client.on('connect', () => void this.#connected(client))
    client.on('close', () => {
      if (this.#state === 'online')
        this.o.log.warn(`uplink: lost the district broker (${s.url}); the journal keeps everything`)
      if (this.#state !== 'stopped') this.#set('offline')
      this.#inflight = null
      this.#wake?.()
    })
    client.on('error', (err) => this.o.log.warn(`uplink: ${err.message}`))
    client.on('message', (topic, payload) =>
      this.#message(topic, payload).catch((err) =>
        this.o.log.warn(`uplink: a message from the district on ${topic} failed: ${(err as Error).message}`),
      ),
    )
    this.#loop = this.#run()
  }

  async stop(): Promise<void> {
    const client = this.#client
    const was = this.#state
    this.#set('stopped')
    this.#wake?.()
    this.#follower.close()
    if (client) {
      // Going away cleanly: say so (the will is for a crash), then leave.
      if (was === 'online')
        await client
          .publishAsync(
            upTopic(this.o.stationId, 'state'),
            encode({ v: 1, state: 'offline', session: this.#session }),
            {
              qos: 1,
              retain: true,
            },
          )
          .catch(() => {})
      await client.endAsync(true).catch(() => {})
    }
    await this.#loop
  }

  #set(state: UplinkState): void {
    if (state === this.#state) return
    this.#state = state
    this.#since = Date.now()
  }

  async #connected(client: MqttClient): Promise<void> {
    try {
      await client.subscribeAsync(stationSubscription(this.o.stationId), { qos: 1 })
      await client.publishAsync(
        upTopic(this.o.stationId, 'state'),
        encode({ v: UPLINK_VERSION, state: 'online', session: this.#session }),
        { qos: 1, retain: true },
      )
      await this.#birth(client)
      this.#set('online')
      this.o.log.info(`uplink: online (${this.o.settings.url}), backlog ${this.health().backlog} events`)
      // Start again from the cursor: whatever was in flight before is sent again.
      this.#resend()
    } catch (err) {
      this.o.log.warn(`uplink: setting up the connection failed: ${(err as Error).message}`)
    }
  }

  async #birth(client: MqttClient): Promise<void> {
    const birth = birthOf(
      this.o.picture,
      this.#session,
      this.o.store.journal.lastSeq,
      this.#cursor.seq,
      this.o.clock.now(),
    )
    await client.publishAsync(upTopic(this.o.stationId, 'birth'), encode(birth), { qos: 1 })
    this.stats.births++
  }

  #resend(): void {
    this.#sentThrough = this.#cursor.seq
    this.#inflight = null
    this.#wake?.()
  }

  async #message(topic: string, payload: Buffer): Promise<void> {
    const t = parseTopic(topic)
    if (t?.dir !== 'down' || t.stationId !== this.o.stationId) return
    if (t.kind === 'ack') {
      const ack = decodeAck(payload)
      if (!ack.ok) return this.#reject(ack.error)
      await this.#acked(ack.value.through)
    } else if (t.kind === 'rebirth') {
      const r = decodeRebirth(payload)
      if (!r.ok) return this.#reject(r.error)
      this.o.log.info(
        `uplink: the district asks for a birth (${r.value.reason}); resending after ${r.value.committed}`,
      )
      await this.#acked(r.value.committed)
      if (this.#client) await this.#birth(this.#client).catch(() => {})
      this.#resend()
    } else {
      const c = decodeCommand(payload)
      if (!c.ok) return this.#reject(c.error)
      await this.o.onCommand(c.value).catch((err) => this.o.log.warn(`uplink: command ${c.value.id}: ${err}`))
    }
  }

  #reject(why: string): void {
    this.stats.rejected++
    this.o.log.warn(`uplink: refused a message from the district: ${why}`)
  }

  /** The district has committed everything through `through`: the cursor moves (durably). */
  async #acked(through: number): Promise<void> {
    this.stats.acks++
    this.#lastAckAt = new Date(this.o.clock.now()).toISOString()
    const to = Math.min(through, this.o.store.journal.lastSeq)
    if (to > this.#cursor.seq)
      // The disk refused the cursor (full, failing): the link goes on from the place held in memory, and the
      // cursor file is written again in the background. Until it is, a restart would send the acknowledged
      // events again, which the district counts once.
      await this.#cursor.advance(to).catch((err) => {
        this.stats.ackNotSaved++
        this.o.log.warn(
          `uplink: could not save the district's ack through ${to} (${(err as Error).message}); kept in memory and written again once the disk takes it`,
        )
      })
    if (this.#sentThrough < this.#cursor.seq) this.#sentThrough = this.#cursor.seq
    const f = this.#inflight
    if (f && through >= f.to) {
      this.#inflight = null
      f.acked()
    }
  }

  /**
   * The sending loop, kept alive: a step that fails (a journal read the disk refused, a damaged entry) is
   * logged, counted and tried again after a pause that grows to a minute; the station goes on serving.
   */
  async #run(): Promise<void> {
    let pauseMs = 1000
    while (this.#state !== 'stopped') {
      try {
        await this.#step()
        pauseMs = 1000
      } catch (err) {
        this.stats.sendErrors++
        this.#inflight = null
        this.o.log.warn(
          `uplink: sending failed (${(err as Error).message}); trying again in ${pauseMs / 1000} s from the last acknowledged event`,
        )
        await this.#sleep(pauseMs)
        pauseMs = Math.min(pauseMs * 2, 60_000)
        this.#resend()
      }
    }
  }

  /** One turn of the sending loop: wait while offline or caught up, else send a batch and await its ack. */
  async #step(): Promise<void> {
    const client = this.#client
    if (this.#state !== 'online' || !client) {
      await this.#sleep(1000)
      return
    }
    const page = await this.#next()
    if (page.length === 0) {
      await Promise.race([this.#follower.wait(5000), this.#sleep(5000)])
      return
    }
    const batch = packBatch(this.#session, this.o.store.journal.lastSeq, this.#outgoing(page))
    if (!batch) return
    const acked = new Promise<boolean>((resolve) => {
      const timer = this.o.clock.setTimeout(() => resolve(false), this.o.settings.ackTimeoutSec * 1000)
      this.#inflight = {
        to: batch.to,
        acked: () => {
          this.o.clock.clearTimeout(timer)
          resolve(true)
        },
      }
    })
    try {
      await client.publishAsync(upTopic(this.o.stationId, 'events'), encode(batch), { qos: 1 })
    } catch {
      this.#inflight = null
      return
    }
    this.stats.batches++
    this.stats.events += batch.events.length
    this.#sentThrough = batch.to
    const ok = await Promise.race([
      acked,
      this.#until(() => this.#inflight === null || this.#state !== 'online'),
    ])
    if (!ok && this.#state === 'online' && this.#inflight?.to === batch.to) {
      this.stats.resent++
      this.#resend()
    }
  }

  /** The entries after `#sentThrough`: the rest of the last page when it covers them, else a new page. */
  async #next(): Promise<JournalEntry[]> {
    const { after, entries } = this.#page
    if (after <= this.#sentThrough) {
      const i = entries.findIndex((e) => e.seq > this.#sentThrough)
      if (i >= 0) return entries.slice(i)
    }
    const page = await this.#follower.page(this.#sentThrough, PAGE)
    this.#page = { after: this.#sentThrough, entries: page }
    return page
  }

  /** The next batch's worth of entries, translated (only as many as one batch can carry). */
  #outgoing(entries: JournalEntry[]): Outgoing[] {
    const out: Outgoing[] = []
    let events = 0
    for (const e of entries) {
      const event = translate(e, this.o.lookups)
      out.push({ seq: e.seq, event })
      if (event && ++events === MAX_BATCH_EVENTS) break
    }
    return out
  }

  /** Resolves (false) when `done()` turns true, checked whenever the loop is woken. */
  #until(done: () => boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (done()) resolve(false)
        else this.#wake = check
      }
      check()
    })
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = this.o.clock.setTimeout(() => {
        this.#wake = null
        resolve()
      }, ms)
      this.#wake = () => {
        this.o.clock.clearTimeout(t)
        this.#wake = null
        resolve()
      }
    })
  }
}
