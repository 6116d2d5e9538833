/**
 * One place that knows every MQTT topic the hub reads (docs/mqtt-topics.md):
 *   redstation/<stationId>/devices/<deviceId>               a JSON reading
 *   redstation/<stationId>/devices/<deviceId>/availability  online | offline (retained, last will)
 *   <z2m>/<friendly_name>                                   zigbee2mqtt state, JSON
 *   <z2m>/<friendly_name>/availability                      {"state":"online"} or plain online
 */
export type TopicRef =
  | { source: 'native'; key: string; availability: boolean }
  | { source: 'zigbee'; key: string; availability: boolean }

export function nativeBase(stationId: string): string {
  return `redstation/${stationId}/devices`
}

export function subscriptions(stationId: string, z2mPrefix: string): string[] {
  return [`${nativeBase(stationId)}/#`, `${z2mPrefix}/#`]
}

/** Which device a topic speaks for, or null for topics the hub does not read (z2m bridge, deeper levels). */
export function parseTopic(topic: string, stationId: string, z2mPrefix: string): TopicRef | null {
  const native = `${nativeBase(stationId)}/`
  if (topic.startsWith(native)) {
    const rest = topic.slice(native.length).split('/')
    if (rest.length === 1 && rest[0]) return { source: 'native', key: rest[0], availability: false }
    if (rest.length === 2 && rest[0] && rest[1] === 'availability')
      return { source: 'native', key: rest[0], availability: true }
    return null
  }
  const z2m = `${z2mPrefix}/`
  if (topic.startsWith(z2m)) {
    let name = topic.slice(z2m.length)
    // zigbee2mqtt's own topics (bridge/state, bridge/devices, …) are not devices.
    if (name === '' || name.startsWith('bridge/') || name === 'bridge') return null
    const availability = name.endsWith('/availability')
    if (availability) name = name.slice(0, -'/availability'.length)
    // `<name>/set` and `<name>/get` are commands to the device, not reports from it.
    if (name.endsWith('/set') || name.endsWith('/get') || name.includes('/set/')) return null
    return name ? { source: 'zigbee', key: name, availability } : null
  }
  return null
}
