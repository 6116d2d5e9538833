import type { DeviceConfig } from '../config/schema.js'

/** Physical ranges: a value outside is a broken probe or a forged message, never a reading. */
export const LIMITS = {
  temperature: { min: -60, max: 100 },
  count: { min: 0, max: 100_000 },
  weight: { min: 0, max: 1_000_000 },
  battery: { min: 0, max: 100 },
} as const

export interface DecodedReading {
  temperature?: number
  contact?: boolean
  count?: number
  weight?: number
  battery?: number
  batteryLow?: boolean
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string }

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason })

function parseJsonObject(payload: Buffer, maxBytes: number): Decoded<Record<string, unknown>> {
  if (payload.length > maxBytes)
    return fail(`payload of ${payload.length} bytes is over the ${maxBytes}-byte limit`)
  if (payload.length === 0) return fail('empty payload')
  let value: unknown
  try {
    value = JSON.parse(payload.toString('utf8'))
  } catch {
    return fail('payload is not JSON')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return fail(
      `payload must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    )
  return { ok: true, value: value as Record<string, unknown> }
}

function number(field: string, v: unknown, range: { min: number; max: number }): Decoded<number> {
  if (typeof v !== 'number') return fail(`${field} must be a number, got ${v === null ? 'null' : typeof v}`)
  if (!Number.isFinite(v)) return fail(`${field} is not a finite number`)
  if (v < range.min || v > range.max) return fail(`${field} ${v} is outside ${range.min}…${range.max}`)
  return { ok: true, value: v }
}

/**
 * Decodes a device report (native or zigbee2mqtt shape) for a configured device. A field the kind needs may
 * be absent (zigbee2mqtt reports fields only once known: a battery-only message is fine), but if present it
 * must be valid; `null` is a lost probe, not a reading (shared/fixtures/zigbee2mqtt/temperature.json). A
 * secondary field (battery, battery_low; linkquality and the rest are not read) that is null or absent is
 * ignored and the primary value kept (tests/fixtures/zigbee2mqtt/door-contact.json).
 */
export function decodeReading(
  device: DeviceConfig,
  payload: Buffer,
  maxBytes: number,
): Decoded<DecodedReading> {
  const parsed = parseJsonObject(payload, maxBytes)
  if (!parsed.ok) return parsed
  const o = parsed.value
  const out: DecodedReading = {}
  if (device.kind === 'temperature') {
    if ('temperature' in o) {
      const t = number('temperature', o.temperature, LIMITS.temperature)
      if (!t.ok) return t
      out.temperature = Math.round((t.value + (device.calibration ?? 0)) * 100) / 100
    }
  } else if (device.kind === 'door') {
    if ('contact' in o) {
      if (typeof o.contact !== 'boolean')
        return fail(`contact must be true or false, got ${JSON.stringify(o.contact)}`)
      out.contact = o.contact
    }
  } else {
    if ('count' in o) {
      const c = number('count', o.count, LIMITS.count)
      if (!c.ok) return c
      if (!Number.isInteger(c.value)) return fail(`count must be a whole number, got ${c.value}`)
      out.count = c.value
    } else if ('weight' in o) {
      const w = number('weight', o.weight, LIMITS.weight)
      if (!w.ok) return w
      if (!device.unitWeight) return fail('weight given, but the device has no unitWeight configured')
      out.weight = w.value
      out.count = Math.round(w.value / device.unitWeight)
    }
  }
  // Secondary fields: null until the device has reported them (an Aqara contact sensor sends
  // "battery":null,"linkquality":null before its first battery report), so null is the same as absent.
  if (o.battery !== undefined && o.battery !== null) {
    const b = number('battery', o.battery, LIMITS.battery)
    if (!b.ok) return b
    out.battery = b.value
  }
  if (o.battery_low !== undefined && o.battery_low !== null) {
    if (typeof o.battery_low !== 'boolean') return fail('battery_low must be true or false')
    out.batteryLow = o.battery_low
  }
  if (Object.keys(out).length === 0) return fail(`no ${device.kind} value in the payload`)
  return { ok: true, value: out }
}

/** `online`/`offline`, plain (native, older zigbee2mqtt) or `{"state":"online"}` (current zigbee2mqtt). */
export function decodeAvailability(payload: Buffer): Decoded<boolean> {
  if (payload.length > 256) return fail('availability payload is too long')
  const text = payload.toString('utf8').trim()
  let word: unknown = text
  if (text.startsWith('{')) {
    try {
      word = (JSON.parse(text) as { state?: unknown }).state
    } catch {
      return fail('availability payload is not JSON')
    }
  }
  if (word === 'online') return { ok: true, value: true }
  if (word === 'offline') return { ok: true, value: false }
  return fail(`availability must be online or offline, got ${JSON.stringify(String(word).slice(0, 40))}`)
}

/** The kind an unknown device's payload suggests, so a manager adopting it gets a sensible default. */
export function guessKind(payload: Buffer): DeviceConfig['kind'] | null {
  try {
    const o = JSON.parse(payload.toString('utf8')) as Record<string, unknown>
    if (typeof o.temperature === 'number') return 'temperature'
    if (typeof o.contact === 'boolean') return 'door'
    if (typeof o.count === 'number' || typeof o.weight === 'number') return 'stock'
  } catch {
    // not JSON: no guess
  }
  return null
}
