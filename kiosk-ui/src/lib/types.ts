// Copied from the hub's HTTP/socket contract; kiosk-ui talks to the server only over the wire.
export type DeviceKind = 'temperature' | 'door' | 'stock'

export interface Reading {
  at: string
  temperature?: number
  /** true = closed (the zigbee2mqtt / Home Assistant convention) */
  contact?: boolean
  count?: number
  /** grams */
  weight?: number
}

export interface DeviceState {
  id: string
  kind: DeviceKind
  name: string
  online: boolean
  lastSeen: string | null
  reading: Reading | null
  battery: number | null
  batteryLow: boolean
  rejected: number
  lastError: string | null
}

export interface UnregisteredDevice {
  id: string
  firstSeen: string
  lastSeen: string
  messages: number
  guessedKind: DeviceKind | null
}

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
