// The wire contract, typed once in the hub. A type-only import is erased at build time: the kiosk still
// talks to the hub only over HTTP and socket.io, but the compiler sees both sides of the contract.
import type { Static } from 'typebox'
import type { HubEvents } from '../../../server/bus/events.js'
import type { LookupSchema } from '../../../server/couriers/schemas.js'
import type { KioskSettingsSchema } from '../../../server/kiosk/plugin.js'
import type { Notice } from '../../../server/notices/board.js'
import type { ScreeningSchema } from '../../../server/screenings/schemas.js'
import type { DeviceState, UnregisteredDevice } from '../../../server/sensors/types.js'

export type { DeviceKind, DeviceState, Reading, UnregisteredDevice } from '../../../server/sensors/types.js'

export interface Station {
  id: string
  name: string
}

/** The body of `GET /api/state` and of the socket `state` event. */
export interface StationState {
  station: Station
  devices: DeviceState[]
  unregistered: UnregisteredDevice[]
}

/** A bilingual choice from the hub: a delivery platform or a purpose of visit. */
export type Choice = KioskConfig['platforms'][number]

/** `GET /api/kiosk`: what the touchscreen needs from the station config. */
export type KioskConfig = Static<typeof KioskSettingsSchema>

/** `GET /api/notices`: one community notice, shown as given. */
export type { Notice } from '../../../server/notices/board.js'
export type NoticeCategory = Notice['category']

/** `POST /api/checkins/lookup`. */
export type Lookup = Static<typeof LookupSchema>

/** `POST /api/checkins`: the visit, new (201) or the same one again (200, `repeat`). */
export type { Visit } from '../../../server/couriers/visits.js'

/** One entry of `GET /api/screenings`. */
export type Screening = Static<typeof ScreeningSchema>

/** `POST /api/screenings/:id/signups` (201), narrowed: a waiting-list place always has its position. */
export type SignupResult = {
  code: string
  screening: Pick<Screening, 'id' | 'title' | 'start' | 'place'>
} & ({ status: 'confirmed' } | { status: 'waitlisted'; position: number })

export type HelpReason = 'unwell' | 'injured' | 'phone-dead' | 'other'

/** One medicine-box item as the kiosk sees it: `GET /api/stock` entries and the socket `stock` event. */
export type StockEntry = HubEvents['stock.changed']

/** `POST /api/stock/takeouts` (201): the item after the take-out. */
export type TakeoutResult = { item: Pick<StockEntry, 'id' | 'name' | 'inStock'> }
