/** Door contact sensors: `{"contact": true}` means the magnet is near, i.e. the door is CLOSED (zigbee2mqtt convention). */

export { availabilityTopic, readingTopic } from '../native-topics.js'

export interface ContactReading {
  contact: boolean
}

export function encodeContact(closed: boolean): string {
  const reading: ContactReading = { contact: closed }
  return JSON.stringify(reading)
}
