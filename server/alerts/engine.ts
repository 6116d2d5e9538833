/**
 * The alert rule engine (issue #4): sensor states, help requests and stock batches in; alerts out.
 *
 *   const engine = new AlertEngine({ rules, clock, store, emit, onError })
 *   await engine.start()                 // loads open alerts + pending waits, re-arms their timers
 *   bus.on('device.changed', (s) => engine.onDevice(s))
 *   engine.onHelp({ id, reason, at, phoneMasked })       // critical at once, cleared only by resolve()
 *   engine.checkExpiry(items)            // the whole item list; re-checked every expiry.recheckMin
 *   engine.onStockLevel({ id, name, count, min })          // restock: an item's count against its minimum
 *   engine.acknowledge(id, user)  engine.resolve(id, user, note)  engine.active()  await engine.history(q)
 *   await engine.stop()                  // clears every timer, flushes the store
 *
 * Options: `rules` (AlertRulesInput, any part of rules-schema.ts; defaults in rules.ts), `clock` (Clock),
 * `time` (StationTime: what day a batch's bare expiry date ends),
 * `store` (AlertStore: DurableAlertStore in the hub, MemoryAlertStore in tests), `emit(event, alert)`
 * with event 'raised' | 'updated' | 'acknowledged' | 'cleared' (a copy of the alert; a throwing listener is
 * reported to `onError`, never breaks the engine), `onError(err)`.
 *
 * Semantics: one open alert per `${subject}:${type}`; a repeat updates it (count, value, peak, lastAt) and
 * emits 'updated'. A rule raises only after its condition has held for `delay` without a break, and clears
 * only after the value has been back past the hysteresis margin for `clearAfter` without a break; a value
 * inside the margin breaks both waits. Acknowledged alerts still clear by themselves. resolve() clears by
 * hand; the rule then starts over from its next observation. A condition after a clear raises a new alert.
 * Waits are saved with their start time, so after a restart a timer fires when it would have fired anyway.
 * Inputs before start() resolves are ignored (onDevice, checkExpiry) or refused (the rest: NOT_STARTED).
 * Hot path: onDevice is O(1) per call, synchronous, and touches the store only when a rule's phase or an
 * open alert changes (the store coalesces and writes later, off the caller's stack).
 */
import type { Clock } from '../clock.js'
import type { DeviceState } from '../sensors/types.js'
import { StationTime } from '../time/station-time.js'
import { AlertBook } from './book.js'
import { Conditions } from './conditions.js'
import { DeviceChecks } from './device-checks.js'
import { AlertErrors } from './errors.js'
import { ExpiryChecks } from './expiry.js'
import { type ResolvedRule, RuleBook } from './rules.js'
import type { AlertRulesInput, DeviceRules } from './rules-schema.js'
import { StockChecks } from './stock-checks.js'
import type { AlertStore } from './store.js'
import type {
  Alert,
  AlertData,
  AlertEvent,
  ExpiryItem,
  HelpRequest,
  HistoryQuery,
  LockerAlertType,
  StationAlertType,
  StockLevel,
} from './types.js'

export interface AlertEngineOptions {
  rules?: AlertRulesInput
  clock: Clock
  /** Station time (default Asia/Shanghai): when a bare expiry date ends. */
  time?: StationTime
  store: AlertStore
  emit: (event: AlertEvent, alert: Alert) => void
  onError?: (err: unknown) => void
}

interface Live {
  data: AlertData
  book: AlertBook
  conds: Conditions
  devices: DeviceChecks
  expiry: ExpiryChecks
  stock: StockChecks
}

/** A manual action taken in memory, with how to take it back and what to do once it is durable. */
export interface ManualAction {
  alert: Alert
  undo(): void
  done(): void
}

const RESOLVED_HELP_KEPT = 500

export class AlertEngine {
  readonly #opts: AlertEngineOptions
  readonly #rules: RuleBook
  #live: Live | null = null
  #enabled = true
  #expiryItems: ExpiryItem[] | null = null
  #expiryTimer: unknown = null

  constructor(opts: AlertEngineOptions) {
    this.#opts = opts
    this.#rules = new RuleBook(opts.rules)
  }

  async start(): Promise<void> {
    if (this.#live) return
    const data = await this.#opts.store.load()
    const book = new AlertBook(data, this.#opts.store, (event, alert) => this.#emit(event, alert))
    const conds = new Conditions(data, book, this.#opts.store, this.#opts.clock)
    conds.restore((subject, type) => this.#rules.forKey(subject, type))
    const devices = new DeviceChecks(this.#rules, conds)
    const expiry = new ExpiryChecks(this.#rules, conds, book, this.#opts.time ?? new StationTime())
    const stock = new StockChecks(this.#rules, conds, (id, r) => this.setDeviceRules(id, r))
    this.#live = { data, book, conds, devices, expiry, stock }
    if (this.#enabled) this.#arm()
  }

  async stop(): Promise<void> {
    if (!this.#live) return
    this.#disarm()
    this.#live = null
    await this.#opts.store.flush()
  }

  /**
   * Replaces the settings of one subject (e.g. the minimum of a stock item edited by a manager). They
   * apply from the subject's next change; the caller passes its current state to onDevice right after.
   */
  setDeviceRules(id: string, rules: DeviceRules): void {
    this.#rules.rules.devices[id] = rules
    this.#live?.devices.forget(id)
    this.#live?.conds.rebind(id, (type) => this.#rules.forKey(id, type))
  }

  /**
   * Every change of a device (reading, online, battery). O(1), synchronous, never throws for a state.
   * `again`: a state the hub already had, judged once more (at start, the readings saved before the
   * restart): it may raise or clear, but does not count as a repeat of an open alert.
   */
  onDevice(s: DeviceState, opts: { again?: boolean } = {}): void {
    const live = this.#live
    if (!live || !this.#enabled) return
    live.devices.observe(s, !opts.again)
  }

  /** A courier asks for help: a critical alert at once. The same id again counts as a repeat. */
  onHelp(help: HelpRequest): Alert | null {
    const live = this.#need()
    const now = this.#opts.clock.now()
    const rule = this.#rules.forKey(help.id, 'help') as ResolvedRule
    const open = live.book.openFor(`${help.id}:help`)
    if (open) {
      live.book.observe(open, rule, null, true, now)
      return { ...open }
    }
    if (live.data.resolvedHelp.includes(help.id)) return null
    const since = Number.isNaN(Date.parse(help.at)) ? new Date(now).toISOString() : help.at
    const context = { phoneMasked: help.phoneMasked }
    return {
      ...live.book.raise(
        rule,
        { subject: help.id, subjectName: help.reason, since, value: null, peak: null, context },
        now,
      ),
    }
  }

  /**
   * The whole stock item list (an item missing from it clears its expiry alerts). `now` is the time the
   * batches are judged at; alert times come from the clock. The list is kept and re-checked periodically.
   */
  checkExpiry(items: ExpiryItem[], now = this.#opts.clock.now()): void {
    const live = this.#live
    if (!live || !this.#enabled) return
    this.#expiryItems = items
    live.expiry.check(items, now)
  }

  /**
   * A condition of the station itself: raised at once while it holds (a repeat updates it). Disk alerts
   * clear by themselves when it stops holding; store damage only when a manager resolves it.
   */
  onStation(
    type: StationAlertType,
    holds: boolean,
    info: { subjectName: string; value: number | null; context?: Record<string, string | number | null> },
  ): void {
    this.#direct('station', type, holds, info, type !== 'store-damaged')
  }

  /**
   * A condition of the charging lockers (server/lockers/), on a locker or a lock board: raised at once while
   * it holds (a repeat updates it), cleared when it stops holding. A forced door clears only when a manager
   * resolves it.
   */
  onLocker(
    type: LockerAlertType,
    subject: string,
    holds: boolean,
    info: { subjectName: string; context?: Record<string, string | number | null> },
  ): void {
    this.#direct(subject, type, holds, { value: null, ...info }, type !== 'locker-forced')
  }

  #direct(
    subject: string,
    type: StationAlertType | LockerAlertType,
    holds: boolean,
    info: { subjectName: string; value: number | null; context?: Record<string, string | number | null> },
    clearsItself: boolean,
  ): void {
    const live = this.#live
    if (!live) return
    const now = this.#opts.clock.now()
    const rule = this.#rules.forKey(subject, type) as ResolvedRule
    const open = live.book.openFor(`${subject}:${type}`)
    if (open && holds) live.book.observe(open, rule, info.value, true, now)
    else if (open && clearsItself) live.book.clear(open, 'auto', now)
    else if (holds) {
      const since = new Date(now).toISOString()
      live.book.raise(rule, { subject, since, peak: info.value, ...info }, now)
    }
  }

  /** An item's count against its minimum (restock). `again`: a level the hub already had. */
  onStockLevel(l: StockLevel): void {
    const live = this.#live
    if (!live || !this.#enabled) return
    live.stock.observe(l)
  }

  acknowledge(id: string, user: string): Alert {
    return this.acknowledgeAction(id, user).alert
  }

  /** Clears an open alert by hand. The only way a help alert ends. */
  resolve(id: string, user: string, note: string): Alert {
    const a = this.resolveAction(id, user, note)
    a.done()
    return a.alert
  }

  /** Acknowledges in memory, with an undo for a commit that fails (server/alerts/plugin.ts). */
  acknowledgeAction(
    id: string,
    user: string,
    from: 'station' | 'district' = 'station',
    note: string | null = null,
  ): ManualAction {
    const live = this.#need()
    const a = live.book.get(id)
    const before = { ...a }
    const alert = live.book.acknowledge(id, user, this.#opts.clock.now(), from, note)
    return { alert, undo: () => live.book.restore(a, before), done: () => {} }
  }

  /** Resolves in memory, with an undo; `done()` (once durable) lets the rule start over. */
  resolveAction(id: string, user: string, note: string): ManualAction {
    const live = this.#need()
    const a = live.book.get(id)
    const before = { ...a }
    const help = [...live.data.resolvedHelp]
    if (a.type === 'help') {
      live.data.resolvedHelp.push(a.subject)
      if (live.data.resolvedHelp.length > RESOLVED_HELP_KEPT) live.data.resolvedHelp.shift()
    }
    const alert = live.book.clear(a, user, this.#opts.clock.now(), note)
    return {
      alert,
      undo: () => {
        live.data.resolvedHelp.splice(0, live.data.resolvedHelp.length, ...help)
        live.book.restore(a, before)
      },
      done: () => live.conds.reset(a.key),
    }
  }

  /** Open alerts (active and acknowledged): the most severe first, then the oldest raised first. */
  active(): Alert[] {
    return this.#live?.book.list() ?? []
  }

  /** Alerts raised within [from, to] (ms), newest first, each in its latest state. */
  history(opts: HistoryQuery = {}): Promise<Alert[]> {
    return this.#opts.store.history(opts)
  }

  /**
   * Turns the sensor and expiry rules off (inputs ignored, timers stopped; waits stay saved) or back on
   * (timers re-armed from the saved waits). Help requests and manual actions work either way.
   */
  setEnabled(enabled: boolean): void {
    if (enabled === this.#enabled) return
    this.#enabled = enabled
    if (!this.#live) return
    if (enabled) this.#arm()
    else this.#disarm()
  }

  get enabled(): boolean {
    return this.#enabled
  }

  #arm(): void {
    const live = this.#live
    if (!live) return
    live.conds.armAll()
    const { enabled, recheckMin } = this.#rules.rules.expiry
    if (enabled) {
      this.#expiryTimer = this.#opts.clock.setInterval(() => {
        if (this.#expiryItems) this.checkExpiry(this.#expiryItems)
      }, recheckMin * 60_000)
    }
  }

  #disarm(): void {
    this.#live?.conds.disarmAll()
    if (this.#expiryTimer !== null) this.#opts.clock.clearInterval(this.#expiryTimer)
    this.#expiryTimer = null
  }

  #need(): Live {
    if (!this.#live) throw new AlertErrors.NOT_STARTED()
    return this.#live
  }

  #emit(event: AlertEvent, alert: Alert): void {
    try {
      this.#opts.emit(event, alert)
    } catch (err) {
      this.#opts.onError?.(err)
    }
  }
}
