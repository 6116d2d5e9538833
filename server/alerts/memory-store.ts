import { foldHistory } from './history.js'
import type { AlertStore, RecordedEvent } from './store.js'
import { type Alert, type AlertData, emptyAlertData, type HistoryQuery } from './types.js'

/**
 * An AlertStore in memory, for unit tests and benchmarks. A second engine started on the same instance
 * sees what the first left behind, as after a clean restart.
 */
export class MemoryAlertStore implements AlertStore {
  /** Every lifecycle event recorded, in order, each with a copy of the alert at that moment. */
  readonly records: { event: RecordedEvent; alert: Alert }[] = []
  /** How many times the engine reported a change of its state (a durable store would write). */
  changes = 0
  #live: AlertData | null = null
  #saved: AlertData

  constructor(initial: AlertData = emptyAlertData()) {
    this.#saved = structuredClone(initial)
  }

  async load(): Promise<AlertData> {
    if (this.#live) this.#saved = structuredClone(this.#live)
    this.#live = structuredClone(this.#saved)
    return this.#live
  }

  changed(): void {
    this.changes++
  }

  record(event: RecordedEvent, alert: Alert): void {
    this.records.push({ event, alert: structuredClone(alert) })
  }

  async history(q?: HistoryQuery): Promise<Alert[]> {
    const open = this.#live ? Object.values(this.#live.alerts) : []
    return foldHistory(
      this.records.map((r) => r.alert),
      open,
      q,
    )
  }

  async flush(): Promise<void> {}
}
