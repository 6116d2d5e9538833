import type { Alert } from '../alerts/types.js'
import type { Clock } from '../clock.js'
import type { Cursor } from '../store/cursors.js'
import type { JournalEntry } from '../store/journal.js'
import type { StationTime } from '../time/station-time.js'
import { deliver } from './formats.js'
import { alertNotification } from './message.js'
import type { Notification, WebhookTarget } from './types.js'

/** What the outbox needs of the store: its journal, a cursor per target, and the entries as they commit. */
export interface OutboxStore {
  read(fromSeq: number): AsyncIterable<JournalEntry>
  cursor(name: string, opts?: { startAtEnd?: boolean }): Cursor
  onDurable(listener: (entries: JournalEntry[]) => void): () => void
}

export interface OutboxOptions {
  targets: WebhookTarget[]
  /** Targets an escalation goes to (notify.escalateTo). */
  escalateTo: string[]
  station: { id: string; name: string }
  clock: Clock
  time: StationTime
  log: { warn(msg: string): void; info(msg: string): void }
  /** A help request's number in full, while the hub keeps it (server/help/contacts.ts); else null. */
  phoneOf?: (helpId: string) => string | null
  minBackoffMs?: number
  maxBackoffMs?: number
  timeoutMs?: number
  /** A notification still undelivered this long after its event is dropped (and counted). */
  maxAgeMs?: number
  /** Entries a target holds in memory; past it, it reads the rest from the journal when it catches up. */
  maxQueued?: number
}

interface Lane {
  target: WebhookTarget
  cursor: Cursor
  queue: JournalEntry[]
  /** Entries past the queue were not kept in memory: read them from the journal after the queue. */
  behind: boolean
  attempts: number
  nextAt: number
  lastError: string | null
}

const KIND = {
  'alert.raised': 'alert.raised',
  'alert.cleared': 'alert.cleared',
} as const

/**
 * The webhooks as consumers of the journal: every alert raised or cleared, and every reminder and
 * escalation (alert.notified), goes to each target taking it, in journal order, retried with backoff
 * (doubling, capped, with jitter) through network loss and restarts. Each target has a durable cursor:
 * nothing is queued twice, nothing is lost, and the journal keeps what a target has not taken yet.
 */
export class Outbox {
  readonly stats = { delivered: 0, failedAttempts: 0, dropped: 0 }
  readonly #o: Required<OutboxOptions>
  readonly #lanes: Lane[]
  #timer: unknown = null
  #pumping: Promise<void> | null = null
  #again = false
  #stopped = false
  #off: (() => void) | null = null
  /** The newest seq seen committed while running. */
  #latest = 0

  constructor(
    private readonly store: OutboxStore,
    opts: OutboxOptions,
  ) {
    this.#o = {
      minBackoffMs: 2000,
      maxBackoffMs: 300_000,
      timeoutMs: 10_000,
      maxAgeMs: 24 * 3_600_000,
      maxQueued: 1000,
      phoneOf: () => null,
      ...opts,
    }
    // A target added to the config starts from now: it is not sent the station's whole past.
    this.#lanes = opts.targets.map((target) => ({
      target,
      cursor: store.cursor(`webhook:${target.id}`, { startAtEnd: true }),
      queue: [],
      behind: true,
      attempts: 0,
      nextAt: 0,
      lastError: null,
    }))
  }

  /** Undelivered entries per target (those in memory; a target behind has more in the journal). */
  pending(): { target: string; queued: number; behind: boolean; lastError: string | null }[] {
    return this.#lanes.map((l) => ({
      target: l.target.id,
      queued: l.queue.length,
      behind: l.behind,
      lastError: l.lastError,
    }))
  }

  /** Catches up from each target's cursor, then follows the journal as it commits. */
  start(): void {
    this.#off = this.store.onDurable((entries) => {
      this.#latest = (entries.at(-1) as JournalEntry).seq
      for (const lane of this.#lanes) {
        if (lane.behind) continue
        for (const e of entries) if (this.#takes(lane, e)) this.#enqueue(lane, e)
      }
      this.#kick()
    })
    this.#kick()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#off?.()
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer)
    await this.#pumping
  }

  #enqueue(lane: Lane, e: JournalEntry): void {
    if (lane.queue.length >= this.#o.maxQueued) lane.behind = true
    else lane.queue.push(e)
  }

  /** Whether the target takes this entry. */
  #takes(lane: Lane, e: JournalEntry): boolean {
    if (e.type === 'alert.raised' || e.type === 'alert.cleared')
      return lane.target.severities.includes((e.data as Alert).severity)
    if (e.type !== 'alert.notified') return false
    const d = e.data as { kind: string; alert?: Alert }
    if (!d.alert) return false
    if (d.kind === 'alert.escalated') return this.#o.escalateTo.includes(lane.target.id)
    return lane.target.severities.includes(d.alert.severity)
  }

  /**
   * Refills a lane that fell behind from the journal, after its cursor and its queue, until it has read
   * every entry committed meanwhile: only then does it follow the live entries again.
   */
  async #catchUp(lane: Lane): Promise<void> {
    let from = Math.max(lane.cursor.seq, lane.queue.at(-1)?.seq ?? 0) + 1
    for (;;) {
      let last = from - 1
      for await (const e of this.store.read(from)) {
        last = e.seq
        if (!this.#takes(lane, e)) continue
        if (lane.queue.length >= this.#o.maxQueued) return
        lane.queue.push(e)
      }
      if (this.#latest <= last) {
        lane.behind = false
        return
      }
      from = last + 1
    }
  }

  #kick(): void {
    if (this.#stopped) return
    if (this.#pumping) {
      this.#again = true
      return
    }
    this.#pumping = this.#pump()
      .catch((err) => this.#o.log.warn(`webhooks: ${(err as Error).message}`))
      .finally(() => {
        this.#pumping = null
        if (this.#again) {
          this.#again = false
          this.#kick()
        } else this.#schedule()
      })
  }

  async #pump(): Promise<void> {
    for (const lane of this.#lanes) if (lane.behind && lane.queue.length === 0) await this.#catchUp(lane)
    const now = this.#o.clock.now()
    const due = this.#lanes.filter((l) => l.queue.length > 0 && l.nextAt <= now)
    if (due.length === 0) return
    const results = await Promise.all(due.map((l) => this.#deliverHead(l)))
    // The next entry of a target that just succeeded is due at once.
    if (results.some((ok) => ok)) this.#again = true
  }

  async #deliverHead(lane: Lane): Promise<boolean> {
    const e = lane.queue[0] as JournalEntry
    const now = this.#o.clock.now()
    if (now - Date.parse(e.ts) > this.#o.maxAgeMs) {
      this.stats.dropped++
      this.#o.log.warn(
        `webhook ${lane.target.id}: dropped notification of event ${e.seq}, undelivered for too long`,
      )
      return this.#done(lane, e)
    }
    const n = this.#notification(e)
    const verdict = await deliver(n, lane.target, {
      now,
      deliveryId: `${n.id}@${lane.target.id}`,
      userAgent: 'red-station-hub',
      timeoutMs: this.#o.timeoutMs,
    })
    if (verdict.ok) {
      this.stats.delivered++
      return this.#done(lane, e)
    }
    lane.attempts++
    lane.lastError = verdict.why ?? 'refused'
    const base = Math.min(this.#o.minBackoffMs * 2 ** (lane.attempts - 1), this.#o.maxBackoffMs)
    lane.nextAt = this.#o.clock.now() + Math.round(base * (0.8 + Math.random() * 0.4))
    this.stats.failedAttempts++
    if (lane.attempts === 1 || lane.attempts % 10 === 0)
      this.#o.log.warn(
        `webhook ${lane.target.id}: delivery failed (${lane.lastError}); attempt ${lane.attempts}, retrying`,
      )
    return false
  }

  /** The head is done with: off the queue, and the cursor past it (durably). */
  async #done(lane: Lane, e: JournalEntry): Promise<boolean> {
    lane.queue.shift()
    lane.attempts = 0
    lane.nextAt = 0
    lane.lastError = null
    await lane.cursor.advance(e.seq)
    return true
  }

  /** The notification of a journal entry; its id names the event, so a receiver can drop a repeat. */
  #notification(e: JournalEntry): Notification {
    const { station, time } = this.#o
    const [alert, kind] =
      e.type === 'alert.notified'
        ? [(e.data as { alert: Alert }).alert, (e.data as { kind: Notification['kind'] }).kind]
        : [e.data as Alert, KIND[e.type as keyof typeof KIND]]
    // Looked up when sent, not when journaled: a number deleted meanwhile is not sent.
    const phone = alert.type === 'help' ? this.#o.phoneOf(alert.subject) : null
    return {
      ...alertNotification(alert, kind, station, Date.parse(e.ts), time, { phone }),
      id: `${station.id}-${e.seq}`,
    }
  }

  #schedule(): void {
    if (this.#stopped) return
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer)
    this.#timer = null
    const waiting = this.#lanes.filter((l) => l.queue.length > 0)
    if (waiting.length === 0) return
    const wait = Math.max(0, Math.min(...waiting.map((l) => l.nextAt)) - this.#o.clock.now())
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = null
      this.#kick()
    }, wait)
  }
}
