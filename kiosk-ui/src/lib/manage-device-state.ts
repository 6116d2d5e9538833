import type { Alert } from './manage-types.js'
import type { DeviceState } from './types.js'

/** What can be wrong with a device, as the console names it. */
export type Problem = 'offline' | 'tooWarm' | 'tooCold' | 'open' | 'stockLow' | 'batteryLow'

const FROM_ALERT: Partial<Record<Alert['type'], Problem>> = {
  'device-offline': 'offline',
  'temperature-high': 'tooWarm',
  'temperature-low': 'tooCold',
  'door-open': 'open',
  'stock-low': 'stockLow',
  'battery-low': 'batteryLow',
}

const ORDER: Problem[] = ['offline', 'tooWarm', 'tooCold', 'open', 'stockLow', 'batteryLow']

/** The open alerts about a device: its own, and a stock item's counted by it (`context.device`). */
export const alertsFor = (d: DeviceState, alerts: readonly Alert[]): Alert[] =>
  alerts.filter((a) => a.subject === d.id || a.context?.device === d.id)

/**
 * What is wrong with a device, most pressing first: every open alert about it, and what its state shows
 * now (a reading out of range before its alert's delay is up). Empty only when neither says anything:
 * a device is never 正常 while one of its alerts is open.
 */
export function problemsOf(d: DeviceState, alerts: readonly Alert[]): Problem[] {
  const found = new Set<Problem>()
  for (const a of alertsFor(d, alerts)) {
    const p = FROM_ALERT[a.type]
    if (p) found.add(p)
  }
  if (!d.online) found.add('offline')
  const temp = d.reading?.temperature
  if (typeof temp === 'number' && d.okRange) {
    if (d.okRange.max !== null && temp > d.okRange.max) found.add('tooWarm')
    if (d.okRange.min !== null && temp < d.okRange.min) found.add('tooCold')
  }
  if (d.kind === 'door' && d.reading?.contact === false) found.add('open')
  if (d.batteryLow) found.add('batteryLow')
  return ORDER.filter((p) => found.has(p))
}

/** The open temperature alert of a fridge, if any: what its chart is headed with. */
export const temperatureAlert = (d: DeviceState, alerts: readonly Alert[]): Alert | undefined =>
  alertsFor(d, alerts).find((a) => a.type === 'temperature-high' || a.type === 'temperature-low')
