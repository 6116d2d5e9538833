import type { Alert, AlertEvent, StockLevel } from '../alerts/types.js'
import type { DeviceState, Reading, UnregisteredDevice } from '../sensors/types.js'
import type { DiskState } from '../store/disk.js'
import type { JournalDamage } from '../store/journal.js'

/** Every domain event that crosses a feature boundary, with its payload. One map, so emit/on are typed. */
export interface HubEvents {
  /** A device accepted a reading. */
  'device.reading': { device: DeviceState; reading: Reading }
  /** Anything the screens show about a device changed (reading, online, battery, rejected count). */
  'device.changed': DeviceState
  /** A device went online or offline (availability topic, a first message, or silence past its timeout). */
  'device.status': { id: string; online: boolean; at: string; why: 'availability' | 'message' | 'silent' }
  /** A message for a device was rejected. */
  'device.rejected': { deviceId: string | null; topic: string; reason: string }
  /** A native topic named a device id the config does not list. */
  'device.unregistered': UnregisteredDevice
  /** The hub's MQTT client connected to or lost the broker. */
  'broker.status': { connected: boolean; url: string }
  /** A courier asked for help at the kiosk: urgent for the manager. The phone only masked. */
  'help.requested': HelpRequest
  /** A medicine-box item changed (count, batches, settings): what the kiosk shows of it. */
  'stock.changed': {
    id: string
    name: string
    unit: string
    inStock: boolean
    /** Name and unit in English, when given. */
    en?: { name: string; unit?: string; units?: string }
  }
  /**
   * An item's count against its minimum (at start with `again`, then on every change): the alert engine's
   * restock rule. `count` null: its compartment sensor has not reported yet, nothing to judge.
   */
  'stock.level': StockLevel
  /** Every item's batches (on every change): the alert engine's expiry rule judges them. */
  'stock.batches': { items: { id: string; name: string; batches: { expires: string; quantity: number }[] }[] }
  /** A notice was put up, changed or ended: kiosks fetch the board again. */
  'notices.changed': Record<string, never>
  /** Damage found in the data folder (first: the first not yet acknowledged). */
  'store.damage': { damage: JournalDamage; first: boolean }
  /** The data folder's disk became low or full, or recovered. */
  'store.disk': DiskState
  /** An alert was raised, repeated (updated), acknowledged or cleared. */
  alert: { event: AlertEvent; alert: Alert }
}

export type HelpReason = 'unwell' | 'injured' | 'phone-dead' | 'other'

export interface HelpRequest {
  id: string
  at: string
  reason: HelpReason
  /** e.g. 138****1234, or null when no number was given. */
  phoneMasked: string | null
}
