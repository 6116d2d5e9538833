import type { DeviceState, Reading } from '../sensors/types.js'
import type { ResolvedRule } from './rules.js'

/**
 * bad: the condition holds. good: recovered (past the hysteresis margin where there is one). between:
 * neither, inside the hysteresis band: it neither starts a delay nor counts toward clearing.
 */
export type Verdict = 'bad' | 'good' | 'between'

/** What a device's state says about one rule; null when the state says nothing (no such reading yet). */
export function judgeDevice(rule: ResolvedRule, s: DeviceState): Verdict | null {
  switch (rule.type) {
    case 'temperature-high': {
      const t = s.reading?.temperature
      if (t === undefined) return null
      return t > rule.limit ? 'bad' : t <= rule.clearAt ? 'good' : 'between'
    }
    case 'temperature-low': {
      const t = s.reading?.temperature
      if (t === undefined) return null
      return t < rule.limit ? 'bad' : t >= rule.clearAt ? 'good' : 'between'
    }
    case 'door-open': {
      // contact true means closed (zigbee2mqtt / Home Assistant convention).
      const c = s.reading?.contact
      if (c === undefined) return null
      return c ? 'good' : 'bad'
    }
    case 'stock-low': {
      const n = s.reading?.count
      if (n === undefined) return null
      return n <= rule.limit ? 'bad' : 'good'
    }
    case 'device-offline':
      // A device never heard from counts as offline too: a configured sensor that never speaks is broken.
      return s.online ? 'good' : 'bad'
    case 'battery-low': {
      const b = s.battery
      if (s.batteryLow || (b !== null && b < rule.limit)) return 'bad'
      return b === null || b >= rule.clearAt ? 'good' : 'between'
    }
    default:
      return null
  }
}

/** The number an alert of this rule shows; null for door, offline and help. */
export function deviceValue(rule: ResolvedRule, s: DeviceState): number | null {
  switch (rule.type) {
    case 'temperature-high':
    case 'temperature-low':
      return s.reading?.temperature ?? null
    case 'stock-low':
      return s.reading?.count ?? null
    case 'battery-low':
      return s.battery
    default:
      return null
  }
}

/** Same time and values: the same reading seen again (the registry makes a new object per message). */
export function sameReading(a: Reading, b: Reading | null): boolean {
  return (
    b !== null &&
    a.at === b.at &&
    a.temperature === b.temperature &&
    a.contact === b.contact &&
    a.count === b.count &&
    a.weight === b.weight
  )
}

/** The worse of two values for the rule's direction. */
export function worseOf(rule: ResolvedRule, a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  if (rule.worse === 'higher') return a > b ? a : b
  if (rule.worse === 'lower') return a < b ? a : b
  return b
}
