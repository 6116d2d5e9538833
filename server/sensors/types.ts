export type DeviceKind = 'temperature' | 'door' | 'stock'

/** A validated reading, in the units of the MQTT contract (docs/mqtt-topics.md). */
export interface Reading {
  /** ISO 8601 time the hub accepted the reading. */
  at: string
  /** °C, calibration offset applied (temperature devices). */
  temperature?: number
  /** true means the door is closed (zigbee2mqtt / Home Assistant convention). */
  contact?: boolean
  /** Items in the compartment (stock devices), given or derived from weight. */
  count?: number
  /** Grams on the scale, when the stock sensor weighs. */
  weight?: number
}

export interface DeviceState {
  id: string
  kind: DeviceKind
  name: string
  /** The name in English, when the config gives one (the kiosk's English mode). */
  en?: { name: string }
  /** Reported online by its availability topic (or by sending) and not silent past its timeout. */
  online: boolean
  /** ISO time of the last accepted message of any kind, or null if never heard from. */
  lastSeen: string | null
  reading: Reading | null
  /** Temperature devices: the range in which the fridge is fine (°C), from its profile; null bounds are open. */
  okRange?: { min: number | null; max: number | null }
  /** Battery in %, when the device reports it. */
  battery: number | null
  batteryLow: boolean
  /** Messages rejected as invalid since the hub started. */
  rejected: number
  /** Why the last message was rejected, if one was. */
  lastError: string | null
}

/** A device seen on a native topic that the station config does not list, kept so a manager can adopt it. */
export interface UnregisteredDevice {
  id: string
  firstSeen: string
  lastSeen: string
  messages: number
  /** The kind guessed from the payload's fields, if any. */
  guessedKind: DeviceKind | null
}
