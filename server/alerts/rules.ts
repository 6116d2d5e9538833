import type { DeviceKind } from '../sensors/types.js'
import type { AlertRules, AlertRulesInput, DeviceRules } from './rules-schema.js'
import type { AlertType, Severity } from './types.js'

/** The defaults of issue #4. Food fridges: too warm above 5 °C; medicine: outside 2–8 °C (cold chain). */
export function defaultRules(): AlertRules {
  const fridge = { enabled: true, clearAfterMin: 5, hysteresis: 0.5 }
  return {
    temperature: {
      food: { ...fridge, min: null, max: 5, delayMin: 30, severity: 'major' },
      medicine: { ...fridge, min: 2, max: 8, delayMin: 10, severity: 'critical' },
    },
    door: { enabled: true, delayMin: 10, severity: 'major' },
    // Cleared after 5 minutes above the minimum, not at once: a count hovering at the minimum (an item
    // taken and put back, a scale settling) must not raise a new alert each time.
    stock: { enabled: true, min: 0, delayMin: 0, clearAfterMin: 5, severity: 'minor' },
    offline: { enabled: true, delayMin: 2, severity: 'major' },
    battery: { enabled: true, below: 20, margin: 5, severity: 'minor' },
    expiry: {
      enabled: true,
      withinDays: 30,
      expiringSeverity: 'warning',
      expiredSeverity: 'major',
      recheckMin: 60,
    },
    help: { severity: 'critical' },
    devices: {},
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function merge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v)
  return out as T
}

/** The given settings over the defaults (the engine does this itself; exported for the config loader). */
export function resolveRules(input: AlertRulesInput = {}): AlertRules {
  return merge(defaultRules(), input)
}

/** One rule as it applies to one subject: everything the engine needs to judge and time it. */
export interface ResolvedRule {
  type: AlertType
  severity: Severity
  delayMs: number
  clearAfterMs: number
  /** The threshold: the temperature limit, the stock minimum or the battery % (unused by other types). */
  limit: number
  /** Where a value counts as recovered: the limit moved inside by the hysteresis or margin. */
  clearAt: number
  /** Which way `peak` moves: higher is worse (too warm), lower is worse (too cold, too few, battery). */
  worse: 'higher' | 'lower' | null
  context: Record<string, string | number | null>
}

const MIN = 60_000

const rule = (
  type: AlertType,
  severity: Severity,
  delayMin: number,
  clearAfterMin: number,
  extra: Partial<ResolvedRule> = {},
): ResolvedRule => ({
  type,
  severity,
  delayMs: delayMin * MIN,
  clearAfterMs: clearAfterMin * MIN,
  limit: 0,
  clearAt: 0,
  worse: null,
  context: {},
  ...extra,
})

/** Answers "which rules apply to this subject, and how", once per key (the engine caches the answers). */
export class RuleBook {
  readonly rules: AlertRules

  constructor(input: AlertRulesInput = {}) {
    this.rules = resolveRules(input)
  }

  /** The rules evaluated on a device of this kind, in a fixed order. */
  forDevice(id: string, kind: DeviceKind): ResolvedRule[] {
    const types: AlertType[] =
      kind === 'temperature'
        ? ['temperature-high', 'temperature-low']
        : kind === 'door'
          ? ['door-open']
          : ['stock-low']
    types.push('device-offline', 'battery-low')
    return types.map((t) => this.forKey(id, t)).filter((r): r is ResolvedRule => r !== null)
  }

  /** The rule for a key, or null when it is off (or the profile has no such limit). */
  forKey(subject: string, type: AlertType): ResolvedRule | null {
    const r = this.rules
    const dev: DeviceRules = r.devices[subject] ?? {}
    if (type === 'help') return rule(type, r.help.severity, 0, 0)
    // The station's own conditions: not configurable, raised at once.
    if (type === 'disk-full' || type === 'store-damaged') return rule(type, 'critical', 0, 0)
    if (type === 'disk-low') return rule(type, 'major', 0, 0)
    // The charging lockers' conditions (server/lockers/): raised at once, as the lockers see them.
    if (type === 'locker-forced') return rule(type, 'critical', 0, 0)
    if (type === 'locker-overdue') return rule(type, 'minor', 0, 0)
    if (type === 'locker-jam' || type === 'locker-door-open' || type === 'locker-offline')
      return rule(type, 'major', 0, 0)
    if (type === 'batch-expiring' || type === 'batch-expired') {
      if (!r.expiry.enabled) return null
      const severity = type === 'batch-expired' ? r.expiry.expiredSeverity : r.expiry.expiringSeverity
      return rule(type, severity, 0, 0, { context: { withinDays: r.expiry.withinDays } })
    }
    if (dev.enabled === false) return null
    switch (type) {
      case 'temperature-high':
      case 'temperature-low': {
        const profile = dev.profile ?? 'food'
        const t = merge(r.temperature[profile], dev.temperature)
        const high = type === 'temperature-high'
        const limit = high ? t.max : t.min
        if (!t.enabled || limit === null) return null
        return rule(type, t.severity, t.delayMin, t.clearAfterMin, {
          limit,
          clearAt: high ? limit - t.hysteresis : limit + t.hysteresis,
          worse: high ? 'higher' : 'lower',
          context: { limit, profile },
        })
      }
      case 'door-open': {
        const d = merge(r.door, dev.door)
        return d.enabled ? rule(type, d.severity, d.delayMin, 0, { context: { openMin: d.delayMin } }) : null
      }
      case 'stock-low': {
        const s = merge(r.stock, dev.stock)
        if (!s.enabled) return null
        return rule(type, s.severity, s.delayMin, s.clearAfterMin, {
          limit: s.min,
          clearAt: s.min,
          worse: 'lower',
          context: { min: s.min },
        })
      }
      case 'device-offline': {
        const o = merge(r.offline, dev.offline)
        return o.enabled ? rule(type, o.severity, o.delayMin, 0) : null
      }
      case 'battery-low': {
        const b = merge(r.battery, dev.battery)
        if (!b.enabled) return null
        return rule(type, b.severity, 0, 0, {
          limit: b.below,
          clearAt: b.below + b.margin,
          worse: 'lower',
          context: { below: b.below },
        })
      }
    }
  }
}
