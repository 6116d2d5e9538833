/**
 * The native MQTT contract every simulated (and real Wi-Fi) device speaks. The hub's sensors module decodes
 * the same topics, so these strings are part of a contract other programs rely on: change them only with it.
 */

export const ONLINE = 'online'
export const OFFLINE = 'offline'

/** Where a device publishes its JSON readings. */
export function readingTopic(stationId: string, deviceId: string): string {
  return `redstation/${stationId}/devices/${deviceId}`
}

/** Retained `online` / `offline`; `offline` is also the device's MQTT last will. */
export function availabilityTopic(stationId: string, deviceId: string): string {
  return `${readingTopic(stationId, deviceId)}/availability`
}
