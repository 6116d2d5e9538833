/**
 * Medicine-box compartments report either a count, or (when they sit on a scale) a weight in grams that the
 * hub turns into a count with the compartment's configured unit weight.
 */

export { availabilityTopic, readingTopic } from '../native-topics.js'

export type StockReading = { count: number } | { weight: number }

export function encodeCount(count: number): string {
  const reading: StockReading = { count }
  return JSON.stringify(reading)
}

/** Grams. */
export function encodeWeight(grams: number): string {
  const reading: StockReading = { weight: grams }
  return JSON.stringify(reading)
}
