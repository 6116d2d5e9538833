import type { Alert, AlertEvent } from '../alerts/types.js'
import type { Clock } from '../clock.js'

/** How often the managers' screens hear of one open alert's new values, at most. */
export const ALERT_UPDATE_EVERY_MS = 5_000

/**
 * Paces the `updated` events of open alerts on the managers' screens. An open alert is updated on every
 * new reading of its device, which can be every second; a manager's phone needs the newest value, not
 * each one. The first update of an alert goes out at once; more within `everyMs` wait, and only the newest
 * goes out when the time is up, so a screen always ends on the latest value. Every other event (raised,
 * acknowledged, cleared) goes out at once and drops an update still waiting: it carries a newer copy of
 * the alert, and a waiting update must not arrive after a `cleared`.
 */
export class AlertUpdatePacer {
  readonly #lastSent = new Map<string, number>()
  readonly #waiting = new Map<string, { alert: Alert; timer: unknown }>()

  constructor(
    private readonly clock: Clock,
    private readonly send: (event: AlertEvent, alert: Alert) => void,
    private readonly everyMs = ALERT_UPDATE_EVERY_MS,
  ) {}

  event(event: AlertEvent, alert: Alert): void {
    const id = alert.id
    if (event !== 'updated') {
      this.#drop(id)
      if (event === 'cleared') this.#lastSent.delete(id)
      this.send(event, alert)
      return
    }
    const waiting = this.#waiting.get(id)
    if (waiting) {
      waiting.alert = alert
      return
    }
    const now = this.clock.now()
    const last = this.#lastSent.get(id)
    if (last === undefined || now - last >= this.everyMs) {
      this.#lastSent.set(id, now)
      this.send('updated', alert)
      return
    }
    const timer = this.clock.setTimeout(
      () => {
        const w = this.#waiting.get(id)
        this.#waiting.delete(id)
        if (!w) return
        this.#lastSent.set(id, this.clock.now())
        this.send('updated', w.alert)
      },
      last + this.everyMs - now,
    )
    this.#waiting.set(id, { alert, timer })
  }

  /** Drops every waiting update (the hub is closing). */
  close(): void {
    for (const id of [...this.#waiting.keys()]) this.#drop(id)
  }

  #drop(id: string): void {
    const w = this.#waiting.get(id)
    if (!w) return
    this.clock.clearTimeout(w.timer)
    this.#waiting.delete(id)
  }
}
