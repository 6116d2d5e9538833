import type { DeviceState, Reading } from '../sensors/types.js'
import type { Cond, Conditions } from './conditions.js'
import { deviceValue, judgeDevice, sameReading } from './judge.js'
import type { ResolvedRule, RuleBook } from './rules.js'

interface Check {
  rule: ResolvedRule
  cond: Cond
}

/**
 * What the last call said about a device. A rule is judged only when its input changed: the reading rules
 * on a new reading, the battery rule on a new battery value, the offline rule when online flips. So the
 * same state seen again (a rejected message bumps `device.changed`) costs a lookup and four comparisons.
 */
interface DeviceEntry {
  reading: Reading | null
  /** undefined until the first call, so that everything is judged once. */
  online: boolean | undefined
  battery: number | null | undefined
  batteryLow: boolean | undefined
  onReading: Check[]
  onBattery: Check | null
  onOnline: Check | null
}

/** The device rules, resolved once per device (on its first change). */
export class DeviceChecks {
  readonly #devices = new Map<string, DeviceEntry>()

  constructor(
    private readonly rules: RuleBook,
    private readonly conds: Conditions,
  ) {}

  /** Drops what was resolved for a device, so its rules are resolved again on its next change. */
  forget(id: string): void {
    this.#devices.delete(id)
  }

  /** `fresh` false: a state seen before (see AlertEngine.onDevice), judged but not counted as a repeat. */
  observe(s: DeviceState, fresh = true): void {
    const e = this.#devices.get(s.id) ?? this.#entry(s)
    const r = s.reading
    if (r !== null && r !== e.reading && !sameReading(r, e.reading)) {
      e.reading = r
      for (const c of e.onReading) this.#judge(c, s, fresh)
    }
    if (s.battery !== e.battery || s.batteryLow !== e.batteryLow) {
      const newBattery = fresh && e.battery !== undefined
      e.battery = s.battery
      e.batteryLow = s.batteryLow
      if (e.onBattery) this.#judge(e.onBattery, s, newBattery)
    }
    if (s.online !== e.online) {
      e.online = s.online
      if (e.onOnline) this.#judge(e.onOnline, s, false)
    }
  }

  #judge({ rule, cond }: Check, s: DeviceState, fresh: boolean): void {
    const v = judgeDevice(rule, s)
    if (v === null || (v !== 'bad' && cond.phase === 'idle')) return
    this.conds.observe(cond, v, deviceValue(rule, s), fresh, s.name)
  }

  #entry(s: DeviceState): DeviceEntry {
    const e: DeviceEntry = {
      reading: null,
      online: undefined,
      battery: undefined,
      batteryLow: undefined,
      onReading: [],
      onBattery: null,
      onOnline: null,
    }
    for (const rule of this.rules.forDevice(s.id, s.kind)) {
      const check = { rule, cond: this.conds.get(s.id, rule) }
      if (rule.type === 'battery-low') e.onBattery = check
      else if (rule.type === 'device-offline') e.onOnline = check
      else e.onReading.push(check)
    }
    this.#devices.set(s.id, e)
    return e
  }
}
