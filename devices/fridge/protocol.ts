/** A fridge is a thermometer plus a door contact, each its own device on its own topic. */

export { encodeContact } from '../door-contact/protocol.js'
export { availabilityTopic, readingTopic } from '../native-topics.js'

export interface TemperatureReading {
  /** °C. */
  temperature: number
  /** %, as battery-powered probes report it. */
  battery?: number
}

export function encodeTemperature(celsius: number, battery?: number): string {
  const reading: TemperatureReading = { temperature: celsius }
  if (battery !== undefined) reading.battery = battery
  return JSON.stringify(reading)
}
