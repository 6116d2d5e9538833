/** The alert vocabulary shared by the engine, its stores and (later) the routes and screens. */

export type Severity = 'critical' | 'major' | 'minor' | 'warning'

/** Sort order of `active()`: the most urgent first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2, warning: 3 }

export type AlertType =
  | 'temperature-high'
  | 'temperature-low'
  | 'door-open'
  | 'stock-low'
  | 'batch-expiring'
  | 'batch-expired'
  | 'device-offline'
  | 'battery-low'
  | 'help'
  | 'disk-low'
  | 'disk-full'
  | 'store-damaged'
  | LockerAlertType

/** The charging lockers' conditions, raised by server/lockers/ through AlertEngine.onLocker. */
export type LockerAlertType =
  | 'locker-jam'
  | 'locker-forced'
  | 'locker-door-open'
  | 'locker-overdue'
  | 'locker-offline'

/** Conditions of the station computer itself, raised by the store (server/store/). */
export type StationAlertType = 'disk-low' | 'disk-full' | 'store-damaged'

export type AlertState = 'active' | 'acknowledged' | 'cleared'

export type AlertEvent = 'raised' | 'updated' | 'acknowledged' | 'cleared'

export interface Alert {
  id: string
  /** `${subject}:${type}`: at most one open (active or acknowledged) alert per key. */
  key: string
  /** Device id, stock item id or help request id. */
  subject: string
  /** What a person calls the subject: the device or item name; for help, the courier's reason. */
  subjectName: string
  type: AlertType
  severity: Severity
  state: AlertState
  /** When the condition began (the start of its delay); for help, when the courier asked. ISO 8601. */
  since: string
  raisedAt: string
  /** The last time the condition was seen (the raise, or a later reading still in alarm). */
  lastAt: string
  /** How many times the condition was seen while this alert was open: 1 at the raise. */
  count: number
  /** The latest value: °C, items in stock, battery %, units in the batches; null where none applies. */
  value: number | null
  /** The worst value while the condition lasted: highest when too warm, lowest when too cold or too few. */
  peak: number | null
  ackBy: string | null
  ackAt: string | null
  /** Where it was acknowledged: the station's console, or from the district (a command over the uplink). */
  ackFrom?: 'station' | 'district'
  clearedAt: string | null
  /** 'auto' when the condition recovered by itself, else the user who resolved it by hand. */
  clearedBy: 'auto' | string | null
  /** The note given when resolved by hand, or when acknowledged from the district. */
  note: string | null
  /** The rule's threshold and other facts for the screen, e.g. `{ limit: 5 }` or `{ phoneMasked: '138****0000' }`. */
  context: Record<string, string | number | null>
}

/** A courier's "I need help" request from the kiosk. */
export interface HelpRequest {
  id: string
  reason: string
  /** ISO time the courier asked. */
  at: string
  phoneMasked: string | null
}

/** A medicine-box item's count against its minimum (the stock feature's `stock.level` event). */
export interface StockLevel {
  id: string
  name: string
  /** null: counted by a compartment sensor that has not reported yet. */
  count: number | null
  min: number
  /** The stock device counting it, if any: that device does not alert on its own as well. */
  compartment?: string | null
  /** A level the hub already had (at start): judged, but not a new count. */
  again?: boolean
}

/** A stock item with its batches, as `checkExpiry` takes them. */
export interface ExpiryItem {
  id: string
  name: string
  /** `expires` is an ISO time, or a date (YYYY-MM-DD) meaning the end of that station day. */
  batches: { expires: string; quantity: number }[]
}

/** A rule whose condition holds (phase raise) or has recovered (phase clear) but not yet for long enough. */
export interface PendingCondition {
  subject: string
  type: AlertType
  subjectName: string
  phase: 'raise' | 'clear'
  /** ISO time the phase began: on restart the timer is re-armed for what is left of its duration. */
  since: string
  value: number | null
  peak: number | null
  /** Goes on the alert when raised, in place of the rule's own (e.g. the first expiry date). */
  context?: Record<string, string | number | null>
}

/** What the engine keeps across restarts (the store's state file). */
export interface AlertData {
  version: 1
  /** Open alerts (active and acknowledged) by id. Cleared ones live only in the history. */
  alerts: Record<string, Alert>
  /** Pending conditions by alert key. */
  pending: Record<string, PendingCondition>
  /** Ids of help requests already resolved (newest last, capped): a replayed request raises nothing. */
  resolvedHelp: string[]
  /** Durable store only: the first journal seq of an alert event per UTC day (YYYY-MM-DD), for history(). */
  days?: Record<string, number>
}

export const emptyAlertData = (): AlertData => ({ version: 1, alerts: {}, pending: {}, resolvedHelp: [] })

export interface HistoryQuery {
  /** Alerts raised at or after this time (ms since the epoch). */
  from?: number
  /** Alerts raised at or before this time (ms since the epoch). */
  to?: number
  /** At most this many, newest first. Default 200. */
  limit?: number
}
