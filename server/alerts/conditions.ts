import type { Clock } from '../clock.js'
import type { AlertBook } from './book.js'
import { type Verdict, worseOf } from './judge.js'
import type { ResolvedRule } from './rules.js'
import type { AlertStore } from './store.js'
import type { AlertData, AlertType, PendingCondition } from './types.js'

type Context = Record<string, string | number | null>

/**
 * idle → (bad) → pending → (bad for the whole delay) → raised → (good) → clearing → (good for the whole
 * clearAfter) → idle. A break in either wait sends it back: pending → idle, clearing → raised. Readings
 * in the hysteresis band ('between') break both waits and start neither, which is what stops flapping.
 */
export type Phase = 'idle' | 'pending' | 'raised' | 'clearing'

export interface Cond {
  key: string
  subject: string
  rule: ResolvedRule
  phase: Phase
  timer: unknown
}

/** The timing half of the engine: one Cond per alert key, its wait persisted as a PendingCondition. */
export class Conditions {
  readonly #conds = new Map<string, Cond>()
  #armed = false

  constructor(
    private readonly data: AlertData,
    private readonly book: AlertBook,
    private readonly store: AlertStore,
    private readonly clock: Clock,
  ) {}

  /** The Cond for a key, made on first use. Its phase follows the open alert, if there is one. */
  /** Gives the conditions of `subject` their rule as it is now (a manager changed a stock minimum). */
  rebind(subject: string, ruleFor: (type: AlertType) => ResolvedRule | null): void {
    for (const c of this.#conds.values()) {
      if (c.subject !== subject) continue
      const rule = ruleFor(c.rule.type)
      if (rule) c.rule = rule
    }
  }

  get(subject: string, rule: ResolvedRule): Cond {
    const key = `${subject}:${rule.type}`
    let c = this.#conds.get(key)
    if (!c) {
      c = { key, subject, rule, phase: this.book.openFor(key) ? 'raised' : 'idle', timer: null }
      this.#conds.set(key, c)
    }
    return c
  }

  ofType(type: AlertType): Cond[] {
    return [...this.#conds.values()].filter((c) => c.rule.type === type)
  }

  /**
   * One observation. O(1); touches the store only when the phase changes (or an open alert changes).
   * `fresh`: a new reading, which counts as a repeat of an open alert. `context` goes on a raised alert.
   */
  observe(
    c: Cond,
    v: Verdict,
    value: number | null,
    fresh: boolean,
    subjectName: string,
    context?: Context,
  ): void {
    switch (c.phase) {
      case 'idle':
        // The common case by far (all is well) returns here, without so much as reading the clock.
        if (v === 'bad') this.#begin(c, 'raise', value, subjectName, this.clock.now(), context)
        return
      case 'pending': {
        if (v !== 'bad') {
          this.#cancel(c)
          return
        }
        const p = this.data.pending[c.key]
        if (p && fresh) {
          p.value = value
          p.peak = worseOf(c.rule, p.peak, value)
        }
        return
      }
      default: {
        const now = this.clock.now()
        const alert = this.book.openFor(c.key)
        if (!alert) {
          // Resolved by hand since: start over from this observation.
          this.#stop(c, 'idle')
          this.observe(c, v, value, fresh, subjectName, context)
          return
        }
        if (v === 'good' && c.phase === 'raised' && c.rule.clearAfterMs === 0) {
          if (value !== null) alert.value = value
          this.book.clear(alert, 'auto', now)
          c.phase = 'idle'
          return
        }
        if (fresh) this.book.observe(alert, c.rule, value, v === 'bad', now)
        if (v === 'good' && c.phase === 'raised') this.#begin(c, 'clear', value, subjectName, now)
        else if (v !== 'good' && c.phase === 'clearing') this.#cancel(c)
      }
    }
  }

  /** After a manual resolve: forget the wait; the next observation starts over. */
  reset(key: string): void {
    const c = this.#conds.get(key)
    if (c) this.#stop(c, 'idle')
  }

  /**
   * Rebuilds the phases from the saved state (open alerts, pending conditions) after a restart. Pending
   * conditions whose rule is now off, or that no longer fit an open alert, are dropped.
   */
  restore(ruleFor: (subject: string, type: AlertType) => ResolvedRule | null): void {
    for (const a of Object.values(this.data.alerts)) {
      const rule = a.type === 'help' ? null : ruleFor(a.subject, a.type)
      if (rule) this.get(a.subject, rule)
    }
    for (const [key, p] of Object.entries(this.data.pending)) {
      const rule = ruleFor(p.subject, p.type)
      const open = this.book.openFor(key) !== undefined
      if (!rule || open !== (p.phase === 'clear')) {
        delete this.data.pending[key]
        continue
      }
      this.get(p.subject, rule).phase = p.phase === 'raise' ? 'pending' : 'clearing'
    }
  }

  /** Starts a timer for every wait, for what is left of it by the clock (at once if already over). */
  armAll(): void {
    this.#armed = true
    for (const c of this.#conds.values()) if (c.phase === 'pending' || c.phase === 'clearing') this.#arm(c)
  }

  /** Stops every timer; the waits stay saved, so armAll() (or a restart) picks them up. */
  disarmAll(): void {
    this.#armed = false
    for (const c of this.#conds.values()) {
      if (c.timer !== null) this.clock.clearTimeout(c.timer)
      c.timer = null
    }
  }

  #begin(
    c: Cond,
    phase: 'raise' | 'clear',
    value: number | null,
    subjectName: string,
    now: number,
    context?: Context,
  ): void {
    const wait = phase === 'raise' ? c.rule.delayMs : c.rule.clearAfterMs
    const since = new Date(now).toISOString()
    const p: PendingCondition = {
      subject: c.subject,
      type: c.rule.type,
      subjectName,
      phase,
      since,
      value,
      peak: value,
    }
    if (context) p.context = context
    if (wait === 0) {
      this.#fire(c, p, now)
      return
    }
    c.phase = phase === 'raise' ? 'pending' : 'clearing'
    this.data.pending[c.key] = p
    this.store.changed(false)
    if (this.#armed) this.#arm(c)
  }

  #arm(c: Cond): void {
    const p = this.data.pending[c.key]
    if (!p) return
    const wait = p.phase === 'raise' ? c.rule.delayMs : c.rule.clearAfterMs
    // Never longer than the whole wait: a clock set back (no RTC, no network yet) must not stretch it.
    const left = Math.min(wait, Math.max(0, Date.parse(p.since) + wait - this.clock.now()))
    if (c.timer !== null) this.clock.clearTimeout(c.timer)
    c.timer = this.clock.setTimeout(() => {
      c.timer = null
      const pending = this.data.pending[c.key]
      if (pending) this.#fire(c, pending, this.clock.now())
    }, left)
  }

  #fire(c: Cond, p: PendingCondition, now: number): void {
    delete this.data.pending[c.key]
    if (p.phase === 'raise') {
      this.book.raise(c.rule, p, now)
      c.phase = 'raised'
      return
    }
    c.phase = 'idle'
    const alert = this.book.openFor(c.key)
    if (alert) this.book.clear(alert, 'auto', now)
  }

  #cancel(c: Cond): void {
    this.#stop(c, c.phase === 'clearing' ? 'raised' : 'idle')
  }

  #stop(c: Cond, phase: Phase): void {
    if (c.timer !== null) this.clock.clearTimeout(c.timer)
    c.timer = null
    c.phase = phase
    if (this.data.pending[c.key]) {
      delete this.data.pending[c.key]
      this.store.changed(false)
    }
  }
}
