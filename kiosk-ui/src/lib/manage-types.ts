// The manager console's side of docs/manager-api.md, typed from the hub's own types and schemas. Type-only
// imports are erased at build time: the console still talks to the hub only over HTTP and socket.io, but a
// field renamed in the hub is a compile error here (as kiosk-ui/src/lib/types.ts does for the kiosk).
import type { Static } from 'typebox'
import type { Alert as HubAlert, AlertEvent as HubAlertEvent } from '../../../server/alerts/types.js'
import type { HelpRequest } from '../../../server/bus/events.js'
import type { DayRange, Excursion } from '../../../server/coldchain/record.js'
import type { DailySchema } from '../../../server/couriers/manage-schemas.js'
import type { StatsSchema } from '../../../server/couriers/schemas.js'
import type { ManagedNoticesSchema } from '../../../server/notices/schemas.js'
import type { ManagedScreeningSchema, ScreeningBody } from '../../../server/screenings/manage-schemas.js'
import type { ItemInput as HubItemInput, StockView as HubStockItem } from '../../../server/stock/service.js'
import type { NoticeCategory } from './types.js'

export type Role = 'manager' | 'staff'

export interface User {
  name: string
  role: Role
}

export type { AlertState, AlertType, Severity } from '../../../server/alerts/types.js'

/**
 * An alert as the API and the socket give it: the hub's, with its one-line title in both languages; a help
 * alert has the courier's number in full (`phone`) while the hub keeps it for a call back.
 */
export type Alert = HubAlert & { title: { zh: string; en: string }; phone?: string }

/** Socket `alert` on the `/manager` namespace. */
export interface AlertEvent {
  event: HubAlertEvent
  alert: Alert
}

/** Socket `help` on the `/manager` namespace: a courier pressed "call for help" at the kiosk. */
export type HelpCall = HelpRequest

export type { Excursion }

/** `GET /api/manage/coldchain/:deviceId`. */
export interface ColdChain {
  deviceId: string
  name: string
  profile: 'food' | 'medicine'
  days: DayRange[]
  excursions: Excursion[]
}

/** `GET /api/devices/:id/history`: `t` in ms; `min`, `max`, `n` for downsampled buckets. */
export type { HistoryPoint } from '../../../server/store/history.js'

export type StockItem = HubStockItem
export type Batch = StockItem['batches'][number]

/** `compartment` is left out for none: the contract marks it optional. */
export type ItemInput = Omit<HubItemInput, 'compartment'> & { id: string; compartment?: string }

export interface StockView {
  items: StockItem[]
  restock: { id: string; name: string; unit: string; count: number; min: number; buy: number }[]
  expiring: { id: string; name: string; batch: string; expires: string; quantity: number; expired: boolean }[]
}

/** A screening event with `cancelled` and its sign-ups (masked phones; `name` null once purged). */
export type ManagedScreening = Static<typeof ManagedScreeningSchema>
export type Signup = ManagedScreening['signups'][number]

export type ScreeningInput = Static<typeof ScreeningBody>

/** A notice with `expired`: the hub says whether its `until` has passed (the phone's clock may be off). */
export type Notice = Static<typeof ManagedNoticesSchema>['notices'][number]

export type NoticeInput = { category: NoticeCategory; title: string; body: string; until?: string | null }

export type { NoticeCategory }

export type Period = 'day' | 'week' | 'month'

/** `GET /api/checkins/stats`. */
export type CheckinStats = Static<typeof StatsSchema>

/** One day of `GET /api/manage/checkins/daily`. */
export type CheckinDay = Static<typeof DailySchema>['days'][number]
