import type { Alert, AlertEvent } from '../alerts/types.js'
import type { DeviceState, Reading, UnregisteredDevice } from '../sensors/types.js'

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
  'stock.changed': { id: string; name: string; unit: string; inStock: boolean }
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
