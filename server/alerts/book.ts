import { randomUUID } from 'node:crypto'
import { AlertErrors } from './errors.js'
import { worseOf } from './judge.js'
import type { ResolvedRule } from './rules.js'
import type { AlertStore } from './store.js'
import { type Alert, type AlertData, type AlertEvent, SEVERITY_RANK } from './types.js'

/** How many cleared alert ids are remembered so that acting on one answers "already cleared". */
const RECENT_CLEARED = 500

export interface RaiseInput {
  subject: string
  subjectName: string
  since: string
  value: number | null
  peak: number | null
  context?: Record<string, string | number | null>
}

/**
 * The open alerts and their lifecycle: raise, repeat, acknowledge, clear. Every change is recorded in the
 * store and emitted; listeners get a copy, so nothing outside can change an alert behind the engine's back.
 */
export class AlertBook {
  readonly #byKey = new Map<string, Alert>()
  readonly #recentlyCleared = new Set<string>()

  constructor(
    private readonly data: AlertData,
    private readonly store: AlertStore,
    private readonly emit: (event: AlertEvent, alert: Alert) => void,
  ) {
    for (const a of Object.values(data.alerts)) this.#byKey.set(a.key, a)
  }

  openFor(key: string): Alert | undefined {
    return this.#byKey.get(key)
  }

  /** Open alerts, the most severe first, then the oldest first. Copies. */
  list(): Alert[] {
    return Object.values(this.data.alerts)
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : 0),
      )
      .map((a) => ({ ...a }))
  }

  raise(rule: ResolvedRule, p: RaiseInput, now: number): Alert {
    const at = new Date(now).toISOString()
    const a: Alert = {
      id: randomUUID(),
      key: `${p.subject}:${rule.type}`,
      subject: p.subject,
      subjectName: p.subjectName,
      type: rule.type,
      severity: rule.severity,
      state: 'active',
      since: p.since,
      raisedAt: at,
      lastAt: at,
      count: 1,
      value: p.value,
      peak: worseOf(rule, p.peak, p.value),
      ackBy: null,
      ackAt: null,
      clearedAt: null,
      clearedBy: null,
      note: null,
      context: p.context ?? rule.context,
    }
    this.data.alerts[a.id] = a
    this.#byKey.set(a.key, a)
    this.#changed('raised', a)
    return a
  }

  /**
   * A new observation while the alert is open: the condition seen again (`bad`: count, peak, lastAt) or
   * just a new value on the way back. Emits `updated` only when something changed; saved lazily.
   */
  observe(a: Alert, rule: ResolvedRule, value: number | null, bad: boolean, now: number): void {
    if (!bad && value === a.value) return
    if (value !== null) a.value = value
    if (bad) {
      a.count++
      a.lastAt = new Date(now).toISOString()
      a.peak = worseOf(rule, a.peak, value)
    }
    this.store.changed(false)
    this.emit('updated', { ...a })
  }

  acknowledge(
    id: string,
    user: string,
    now: number,
    from: 'station' | 'district' = 'station',
    note: string | null = null,
  ): Alert {
    const a = this.#open(id)
    if (a.state === 'active') {
      a.state = 'acknowledged'
      a.ackBy = user
      a.ackAt = new Date(now).toISOString()
      a.ackFrom = from
      if (note) a.note = note
      this.#changed('acknowledged', a)
    }
    return { ...a }
  }

  /** Clears by itself (`by` 'auto') or by hand (`by` the user, with a note). */
  clear(a: Alert, by: 'auto' | string, now: number, note: string | null = null): Alert {
    a.state = 'cleared'
    a.clearedAt = new Date(now).toISOString()
    a.clearedBy = by
    a.note = note
    delete this.data.alerts[a.id]
    this.#byKey.delete(a.key)
    this.#recentlyCleared.add(a.id)
    if (this.#recentlyCleared.size > RECENT_CLEARED) {
      const oldest = this.#recentlyCleared.values().next().value
      if (oldest !== undefined) this.#recentlyCleared.delete(oldest)
    }
    this.#changed('cleared', a)
    return { ...a }
  }

  /**
   * Puts an alert back as it was before a manual action whose commit failed: its fields, and open again
   * if the action cleared it.
   */
  restore(a: Alert, before: Alert): void {
    for (const k of Object.keys(a)) if (!(k in before)) delete (a as unknown as Record<string, unknown>)[k]
    Object.assign(a, before)
    this.data.alerts[a.id] = a
    this.#byKey.set(a.key, a)
    this.#recentlyCleared.delete(a.id)
    this.store.changed(true)
  }

  /** The open alert with this id, or the error a caller should answer with. */
  get(id: string): Alert {
    return this.#open(id)
  }

  #open(id: string): Alert {
    const a = this.data.alerts[id]
    if (a) return a
    throw this.#recentlyCleared.has(id) ? new AlertErrors.CLEARED(id) : new AlertErrors.NOT_FOUND(id)
  }

  #changed(event: 'raised' | 'acknowledged' | 'cleared', a: Alert): void {
    this.store.record(event, a)
    this.store.changed(true)
    this.emit(event, { ...a })
  }
}
