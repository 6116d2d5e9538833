import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Doc, DocSpec } from '../store/document.js'
import { FILES } from '../store/files.js'
import type { Store, Tx } from '../store/store.js'
import type { StationTime } from '../time/station-time.js'
import { AlertRecord } from './events.js'
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

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Ctx = Type.Record(Type.String(), Nullable(Type.Union([Type.String(), Type.Number()])))

/** `alerts.json`: the open alerts and the rule waits (with their start, so a delay survives a restart). */
export const ALERTS_DOC: DocSpec<AlertData> = {
  file: FILES.alerts,
  schema: Type.Object({
    version: Type.Literal(1),
    alerts: Type.Record(Type.String(), AlertRecord),
    pending: Type.Record(
      Type.String(),
      Type.Object({
        subject: Type.String(),
        type: Type.String(),
        subjectName: Type.String(),
        phase: Type.Enum(['raise', 'clear']),
        since: Type.String(),
        value: Nullable(Type.Number()),
        peak: Nullable(Type.Number()),
        context: Type.Optional(Ctx),
      }),
    ),
    resolvedHelp: Type.Array(Type.String()),
    days: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  }),
  initial: () => ({ ...emptyAlertData(), days: {} }),
  migrate: (raw) => ({ ...emptyAlertData(), days: {}, ...(raw as object) }),
}

export interface DurableAlertStoreOptions {
  store: Pick<Store, 'document' | 'record' | 'read' | 'journal' | 'idle'>
  clock: Clock
  time: StationTime
  /** Non-urgent changes are written at most this often. Default 1000 ms. */
  writeIntervalMs?: number
}

/**
 * The durable AlertStore on the station's store: `alerts.json` (a document) for open alerts and pending
 * waits, and the journal for the history (`alert.raised`, `.acknowledged`, `.cleared`). What the engine
 * observes by itself is recorded as it happens (Store.record); a manager's acknowledgement or resolution
 * runs `within` a commit, so it is answered only once both the document and the event are durable.
 */
export class DurableAlertStore implements AlertStore {
  readonly #o: DurableAlertStoreOptions
  #doc: Doc<AlertData> | null = null
  #tx: Tx | null = null
  #lastDay = ''

  constructor(opts: DurableAlertStoreOptions) {
    this.#o = opts
  }

  async load(): Promise<AlertData> {
    this.#doc = await this.#o.store.document(ALERTS_DOC)
    for (const day of Object.keys(this.#doc.data.days ?? {})) if (day > this.#lastDay) this.#lastDay = day
    return this.#doc.data
  }

  /** Runs a manual action so that what it records and changes goes into `tx`. */
  within<R>(tx: Tx, action: () => R): R {
    this.#tx = tx
    try {
      return action()
    } finally {
      this.#tx = null
    }
  }

  changed(urgent: boolean): void {
    const doc = this.#doc
    if (!doc) return
    if (this.#tx) this.#tx.write(doc as Doc<unknown>)
    else doc.writeSoon(urgent ? 0 : (this.#o.writeIntervalMs ?? 1000))
  }

  record(event: RecordedEvent, alert: Alert): void {
    const copy = { ...alert, context: { ...alert.context } }
    if (this.#tx) this.#tx.append(`alert.${event}`, copy)
    else this.#o.store.record(`alert.${event}`, copy)
    // The first alert event of a station day marks where history() starts reading for that day: a lower
    // bound of its seq. Only days later than any indexed keep day order = seq order, even if the clock
    // (no RTC, no network) jumps back.
    const days = this.#doc?.data.days
    const day = this.#o.time.day(this.#o.clock.now())
    if (days && day > this.#lastDay) {
      days[day] = this.#o.store.journal.lastSeq + 1
      this.#lastDay = day
      this.changed(false)
    }
  }

  async history(q: HistoryQuery = {}): Promise<Alert[]> {
    // Records still being written are part of the answer.
    await this.#o.store.idle()
    const data = this.#doc?.data ?? emptyAlertData()
    const records: Alert[] = []
    for await (const e of this.#o.store.read(this.#startSeq(data, q.from)))
      if (e.type === 'alert.raised' || e.type === 'alert.acknowledged' || e.type === 'alert.cleared')
        records.push(e.data as Alert)
    return foldHistory(records, Object.values(data.alerts), q)
  }

  async flush(): Promise<void> {
    await this.#doc?.flush()
  }

  /**
   * The seq of the latest indexed day at or before `from`'s day: a lower bound of the first event to read
   * even if the newest index entries were lost with an unwritten state file. 1 when none is known.
   */
  #startSeq(data: AlertData, from: number | undefined): number {
    if (from === undefined) return 1
    const key = this.#o.time.day(from)
    let best: string | null = null
    for (const day of Object.keys(data.days ?? {}))
      if (day <= key && (best === null || day > best)) best = day
    return best === null ? 1 : (data.days?.[best] ?? 1)
  }
}
