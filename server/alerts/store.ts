import type { Low } from 'lowdb'
import type { Clock } from '../clock.js'
import { openStateDb } from '../store/durable-file.js'
import type { Journal } from '../store/journal.js'
import { foldHistory } from './history.js'
import { type Alert, type AlertData, emptyAlertData, type HistoryQuery } from './types.js'

export type RecordedEvent = 'raised' | 'acknowledged' | 'cleared'

/**
 * Where the alert engine keeps what must outlive a restart. The engine never awaits it on its hot path:
 * `changed` and `record` return at once, and the store reports its own write errors.
 */
export interface AlertStore {
  /** Reads the saved state, once, at engine start. The engine then owns the object and mutates it in place. */
  load(): Promise<AlertData>
  /**
   * The state object changed. `urgent` (a raise, ack or clear) writes as soon as possible; otherwise
   * (pending timers, repeat counters) writes may be held back a little so a burst costs one write.
   */
  changed(urgent: boolean): void
  /** Appends a lifecycle event to the history. The alert is copied before this returns. */
  record(event: RecordedEvent, alert: Alert): void
  /** Alerts raised within the query's range, newest first, with their latest state. */
  history(q?: HistoryQuery): Promise<Alert[]>
  /** Resolves once every change and record so far is durable. */
  flush(): Promise<void>
}

export interface DurableAlertStoreOptions {
  /** The state file, e.g. `<dataDir>/alerts.json`: open alerts, pending conditions, the history index. */
  path: string
  /** The hub's event journal: `alert.raised`, `alert.acknowledged`, `alert.cleared` go there (and up to central). */
  journal: Journal
  clock: Clock
  /** Write and append failures (the store retries state writes by itself). */
  onError?: (err: unknown) => void
  /** Non-urgent changes are written at most this often. Default 1000 ms. */
  writeIntervalMs?: number
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * The durable AlertStore: a small lowdb state file (DurableJsonFile: atomic, fsynced, coalescing) for
 * open alerts and pending conditions, and the journal for the full history. Repeats (`updated`) are not
 * journaled: they only bump counters, which the state file carries and the `cleared` record ends with.
 */
export class DurableAlertStore implements AlertStore {
  readonly #opts: DurableAlertStoreOptions
  readonly #intervalMs: number
  readonly #appends = new Set<Promise<void>>()
  #db: Low<AlertData> | null = null
  #timer: unknown = null
  #timerDue = 0
  #writing: Promise<void> | null = null
  #dirty = false
  #urgent = false
  #lastWriteAt = Number.NEGATIVE_INFINITY
  #lastDay = ''

  constructor(opts: DurableAlertStoreOptions) {
    this.#opts = opts
    this.#intervalMs = opts.writeIntervalMs ?? 1000
  }

  async load(): Promise<AlertData> {
    this.#db = await openStateDb<AlertData>(this.#opts.path, emptyAlertData())
    this.#db.data = { ...emptyAlertData(), days: {}, ...this.#db.data }
    for (const day of Object.keys(this.#db.data.days ?? {})) if (day > this.#lastDay) this.#lastDay = day
    return this.#db.data
  }

  changed(urgent: boolean): void {
    if (!this.#db) return
    this.#dirty = true
    if (urgent) this.#urgent = true
    if (this.#writing) return // its end schedules the next write
    this.#schedule()
  }

  record(event: RecordedEvent, alert: Alert): void {
    const { journal, clock } = this.#opts
    const appended = journal.append(`alert.${event}`, alert).then(
      () => {},
      (err) => this.#fail(err),
    )
    this.#appends.add(appended)
    void appended.finally(() => this.#appends.delete(appended))
    // The first alert event of a day marks where history() starts reading for that day. Only days later
    // than any indexed keep day order = seq order, even if the clock (no RTC, no network) jumps back.
    const days = this.#db?.data.days
    const day = dayOf(clock.now())
    if (days && day > this.#lastDay) {
      days[day] = journal.lastSeq
      this.#lastDay = day
      this.changed(false)
    }
  }

  async history(q: HistoryQuery = {}): Promise<Alert[]> {
    await Promise.all(this.#appends)
    const data = this.#db?.data ?? emptyAlertData()
    const records: Alert[] = []
    for await (const e of this.#opts.journal.read(this.#startSeq(data, q.from))) {
      if (e.type.startsWith('alert.')) records.push(e.data as Alert)
    }
    return foldHistory(records, Object.values(data.alerts), q)
  }

  async flush(): Promise<void> {
    if (this.#writing) await this.#writing
    this.#cancelTimer()
    if (this.#dirty) {
      this.#write()
      await this.#writing
    }
    // A failed write stays dirty (already reported); its retry timer must not outlive the flush.
    this.#cancelTimer()
    await Promise.all(this.#appends)
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#opts.clock.clearTimeout(this.#timer)
    this.#timer = null
  }

  /**
   * The seq of the latest indexed day at or before `from`'s day: a lower bound of the first event to read
   * even if the newest index entries were lost with an unwritten state file. 1 when none is known.
   */
  #startSeq(data: AlertData, from: number | undefined): number {
    if (from === undefined) return 1
    const key = dayOf(from)
    let best: string | null = null
    for (const day of Object.keys(data.days ?? {}))
      if (day <= key && (best === null || day > best)) best = day
    return best === null ? 1 : (data.days?.[best] ?? 1)
  }

  #schedule(): void {
    const now = this.#opts.clock.now()
    // Always through a timer: the whole file is serialised at write time, never inside the caller.
    const due = this.#urgent ? now : Math.max(now, this.#lastWriteAt + this.#intervalMs)
    if (this.#timer !== null) {
      if (due >= this.#timerDue) return
      this.#opts.clock.clearTimeout(this.#timer)
    }
    this.#timerDue = due
    this.#timer = this.#opts.clock.setTimeout(() => {
      this.#timer = null
      this.#write()
    }, due - now)
  }

  #write(): void {
    const db = this.#db
    if (!db || !this.#dirty) return
    this.#dirty = false
    this.#urgent = false
    this.#lastWriteAt = this.#opts.clock.now()
    this.#writing = db
      .write()
      .catch((err) => {
        this.#dirty = true // retried after the interval, so a failing disk is not hammered
        this.#fail(err)
      })
      .finally(() => {
        this.#writing = null
        if (this.#dirty) this.#schedule()
      })
  }

  #fail(err: unknown): void {
    try {
      this.#opts.onError?.(err)
    } catch {
      // A broken error reporter must not break the store.
    }
  }
}
