import type { Clock } from '../../clock.js'
import {
  type Ack,
  type DownKind,
  decodeBatch,
  decodeBirth,
  decodeState,
  downTopic,
  encode,
  parseTopic,
  type Rebirth,
  UPLINK_VERSION,
} from '../../uplink/protocol.js'
import type { Db } from '../db/db.js'
import type { Registry } from '../registry.js'
import type { CommandOutcome } from './apply.js'
import { commitBatch } from './batch.js'
import { commitBirth } from './birth.js'
import { commitState } from './state.js'
import { IngestStats } from './stats.js'

export interface IngestLog {
  info(msg: string): void
  warn(msg: string): void
  error(obj: unknown, msg: string): void
}

/** Something changed for a station (live screens, command re-sends, metrics). */
export interface StationChange {
  station: string
  kind: 'birth' | 'events' | 'state'
  /** events: how many new events were stored; the district commands whose result came with them. */
  stored?: number
  results?: CommandOutcome[]
}

export interface IngestOptions {
  db: Db
  registry: Registry
  clock: Clock
  log: IngestLog
  /** Publishes to the station (QoS 1); rejects when it could not be handed to the broker. */
  publish(topic: string, payload: string): Promise<void>
  /** At most one rebirth request per station this often. Default 5 s. */
  rebirthEveryMs?: number
}

/**
 * The central end of the uplink. Every message is checked (topic, registry, payload), then a station's
 * births and batches are committed one after another (a queue per station; across instances the row lock
 * does it), and only after COMMIT is the station acknowledged. It never throws: whatever is refused is
 * counted, and whatever failed in the database is not acknowledged, so the station sends it again.
 */
export class Ingest {
  readonly stats = new IngestStats()
  readonly #o: IngestOptions
  readonly #queues = new Map<string, Promise<void>>()
  readonly #rebirthAt = new Map<string, number>()
  readonly #listeners = new Set<(c: StationChange) => void>()

  constructor(opts: IngestOptions) {
    this.#o = opts
  }

  onChange(listener: (c: StationChange) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Resolves once every message handed in so far is done with (for a clean close). */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()])
  }

  async handle(topic: string, payload: Buffer): Promise<void> {
    const parsed = parseTopic(topic)
    if (parsed?.dir !== 'up') {
      this.stats.refuse('bad-topic', null, topic.slice(0, 200))
      return
    }
    const station = parsed.stationId
    const kind = parsed.kind
    // Checked inside the station's queue, so a station's messages are handled in the order they came even
    // when the first one waits for the registry (a station not in its cache yet).
    const run = async () => {
      const status = await this.#o.registry.status(station).catch(() => 'error' as const)
      if (status === 'error') {
        this.stats.failures++
        return
      }
      if (status !== 'active') {
        this.stats.refuse(status === 'unknown' ? 'unknown-station' : 'revoked-station', station)
        return
      }
      if (kind === 'state') return this.#state(station, payload)
      return kind === 'birth' ? this.#birth(station, payload) : this.#batch(station, payload)
    }
    const before = this.#queues.get(station) ?? Promise.resolve()
    const mine = before.then(run)
    this.#queues.set(station, mine)
    try {
      await mine
    } finally {
      if (this.#queues.get(station) === mine) this.#queues.delete(station)
    }
  }

  async #batch(station: string, payload: Buffer): Promise<void> {
    const d = decodeBatch(payload)
    if (!d.ok) return this.#bad(station, d.error)
    try {
      const started = performance.now()
      const out = await commitBatch(this.#o.db, station, d.value)
      this.stats.committed((performance.now() - started) / 1000)
      this.stats.batches++
      switch (out.kind) {
        case 'refused':
          this.stats.refuse(out.reason === 'unknown' ? 'unknown-station' : 'revoked-station', station)
          return
        case 'gap':
          this.stats.gaps++
          return this.#rebirth(station, 'gap', out.committed)
        case 'duplicate':
          this.stats.duplicates++
          await this.#send(station, 'ack', { v: UPLINK_VERSION, through: out.through })
          if (out.needsBirth) await this.#rebirth(station, 'no-birth', out.through)
          return
        case 'committed':
          this.stats.events += out.stored
          this.stats.unread += out.unread
          await this.#send(station, 'ack', { v: UPLINK_VERSION, through: out.through })
          if (out.needsBirth) await this.#rebirth(station, 'no-birth', out.through)
          this.#changed(station, 'events', { stored: out.stored, results: out.results })
      }
    } catch (err) {
      this.#failed(station, err)
    }
  }

  async #birth(station: string, payload: Buffer): Promise<void> {
    const d = decodeBirth(payload)
    if (!d.ok) return this.#bad(station, d.error)
    try {
      const out = await commitBirth(this.#o.db, station, d.value)
      if (out.kind === 'refused') {
        this.stats.refuse(out.reason === 'unknown' ? 'unknown-station' : 'revoked-station', station)
        return
      }
      this.stats.births++
      if (out.behind)
        this.#o.log.warn(
          `station ${station}: its journal (seq ${d.value.seq}) is behind what the district stored (${out.committed}): was its data folder replaced? Its new events are taken as duplicates until it passes ${out.committed}`,
        )
      // Tells a (re)connected station where to resume, and lets it drop what it had not heard acknowledged.
      await this.#send(station, 'ack', { v: UPLINK_VERSION, through: Math.min(out.committed, d.value.seq) })
      this.#changed(station, 'birth')
    } catch (err) {
      this.#failed(station, err)
    }
  }

  async #state(station: string, payload: Buffer): Promise<void> {
    const d = decodeState(payload)
    if (!d.ok) return this.#bad(station, d.error)
    try {
      await commitState(this.#o.db, station, d.value)
      this.#changed(station, 'state')
    } catch (err) {
      this.#failed(station, err)
    }
  }

  async #rebirth(station: string, reason: 'gap' | 'no-birth', committed: number): Promise<void> {
    const now = this.#o.clock.now()
    const last = this.#rebirthAt.get(station)
    if (last !== undefined && now - last < (this.#o.rebirthEveryMs ?? 5000)) return
    this.#rebirthAt.set(station, now)
    this.stats.rebirths++
    await this.#send(station, 'rebirth', { v: UPLINK_VERSION, reason, committed })
  }

  async #send(station: string, kind: DownKind, message: Ack | Rebirth): Promise<void> {
    try {
      await this.#o.publish(downTopic(station, kind), encode(message))
    } catch (err) {
      // Not delivered: the station times out and sends again, and is acknowledged then.
      this.#o.log.warn(`station ${station}: could not publish ${kind}: ${(err as Error).message}`)
    }
  }

  #bad(station: string, error: string): void {
    this.stats.refuse('bad-payload', station, error)
    this.#o.log.warn(`station ${station}: refused a message: ${error}`)
  }

  #failed(station: string, err: unknown): void {
    this.stats.failures++
    this.stats.lastFailure = `${new Date(this.#o.clock.now()).toISOString()} ${station}: ${(err as Error).message}`
    this.#o.log.error(
      { err },
      `station ${station}: could not commit (not acknowledged; it will be sent again)`,
    )
  }

  #changed(station: string, kind: StationChange['kind'], more: Partial<StationChange> = {}): void {
    for (const l of this.#listeners) {
      try {
        l({ station, kind, ...more })
      } catch (err) {
        this.#o.log.error({ err }, 'a listener of station changes failed')
      }
    }
  }
}
