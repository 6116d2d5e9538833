import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AlertEngine } from '../../server/alerts/engine.js'
import { MemoryAlertStore } from '../../server/alerts/memory-store.js'
import type { AlertRulesInput } from '../../server/alerts/rules-schema.js'
import type { Alert, AlertEvent } from '../../server/alerts/types.js'
import { systemClock } from '../../server/clock.js'
import type { DeviceState } from '../../server/sensors/types.js'

const minutes = (n: number) => n * 60_000

function fridge(id: string, name = '冰箱温度'): DeviceState {
  return {
    id,
    kind: 'temperature',
    name,
    online: true,
    lastSeen: null,
    reading: null,
    battery: 90,
    batteryLow: false,
    rejected: 0,
    lastError: null,
  }
}

function setup(rules: AlertRulesInput = {}) {
  const events: { event: AlertEvent; alert: Alert }[] = []
  const engine = new AlertEngine({
    rules,
    clock: systemClock,
    store: new MemoryAlertStore(),
    emit: (event, alert) => events.push({ event, alert }),
  })
  const devices = new Map<string, DeviceState>()
  /** One reading from a thermometer, as the registry would apply it. */
  const temp = (id: string, t: number) => {
    const s = devices.get(id) ?? fridge(id)
    devices.set(id, s)
    const at = new Date(Date.now()).toISOString()
    s.reading = { at, temperature: t }
    s.lastSeen = at
    engine.onDevice(s)
  }
  /** A reading every minute for `n` minutes, the value given by the minute number. */
  const trace = async (id: string, n: number, value: (i: number) => number) => {
    for (let i = 0; i < n; i++) {
      temp(id, value(i))
      await vi.advanceTimersByTimeAsync(minutes(1))
    }
  }
  const of = (event: AlertEvent) => events.filter((e) => e.event === event).map((e) => e.alert)
  return { engine, events, devices, temp, trace, of }
}

/** Deterministic noise: mulberry32. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('fridge temperature alerts', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-27T08:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('raises a food fridge only after 30 minutes too warm: not at 29, yes at 31', async () => {
    const { engine, trace, of } = setup()
    await engine.start()
    await trace('fridge', 29, () => 6)
    expect(of('raised')).toEqual([])
    await trace('fridge', 2, () => 6.2)
    expect(of('raised')).toHaveLength(1)
    expect(engine.active()).toMatchObject([
      { key: 'fridge:temperature-high', type: 'temperature-high', severity: 'major', state: 'active' },
    ])
    expect(engine.active()[0]?.since).toBe('2026-11-27T08:00:00.000Z')
    await engine.stop()
  })

  it('raises on time from a timer when the sensor reports only on change', async () => {
    const { engine, temp, of } = setup()
    await engine.start()
    temp('fridge', 7)
    await vi.advanceTimersByTimeAsync(minutes(30) - 1)
    expect(of('raised')).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(of('raised')).toMatchObject([{ value: 7, peak: 7, raisedAt: '2026-11-27T08:30:00.000Z' }])
    await engine.stop()
  })

  it('raises nothing for a door opened for 4 minutes, and a reading back in range resets the delay', async () => {
    const { engine, trace, of } = setup()
    await engine.start()
    await trace('fridge', 10, () => 4)
    await trace('fridge', 4, () => 8.5)
    await trace('fridge', 20, () => 4.2)
    // Warm for 25 minutes, one reading in range, warm again for 25: never 30 without a break.
    await trace('fridge', 25, () => 6)
    await trace('fridge', 1, () => 5)
    await trace('fridge', 25, () => 6)
    expect(of('raised')).toEqual([])
    await engine.stop()
  })

  it('clears only after 5 minutes at or below 4.5 °C: 4.8 keeps it, a break restarts the wait', async () => {
    const { engine, trace, of } = setup()
    await engine.start()
    await trace('fridge', 31, () => 6)
    expect(of('raised')).toHaveLength(1)
    await trace('fridge', 60, () => 4.8)
    expect(of('cleared')).toEqual([])
    await trace('fridge', 4, () => 4.4)
    await trace('fridge', 1, () => 4.7)
    await trace('fridge', 4, () => 4.4)
    expect(of('cleared')).toEqual([])
    await trace('fridge', 2, () => 4.4)
    expect(of('cleared')).toMatchObject([{ state: 'cleared', clearedBy: 'auto', value: 4.4, peak: 6 }])
    expect(engine.active()).toEqual([])
    await engine.stop()
  })

  it('does not flap on a noisy sensor hovering around 5.0 °C for 6 hours', async () => {
    const { engine, trace, of, events } = setup()
    await engine.start()
    const noise = prng(42)
    await trace('fridge', 6 * 60, () => 5 + (noise() * 2 - 1) * 0.3)
    expect(of('raised').length).toBeLessThanOrEqual(1)
    expect(of('cleared')).toEqual([])
    expect(events.filter((e) => e.event === 'raised' || e.event === 'cleared').length).toBeLessThanOrEqual(1)
    await engine.stop()
  })

  it('once raised, noise around 5.0 °C keeps one alert open for hours: one raise, no clear', async () => {
    const { engine, trace, of } = setup()
    await engine.start()
    await trace('fridge', 35, () => 6)
    const noise = prng(7)
    await trace('fridge', 6 * 60, () => 5 + (noise() * 2 - 1) * 0.3)
    expect(of('raised')).toHaveLength(1)
    expect(of('cleared')).toEqual([])
    expect(engine.active()).toHaveLength(1)
    await engine.stop()
  })

  it('a repeat updates the open alert (count, value, peak, lastAt), never a duplicate', async () => {
    const { engine, temp, of } = setup()
    await engine.start()
    temp('fridge', 6)
    await vi.advanceTimersByTimeAsync(minutes(30))
    for (const t of [7, 9.4, 6.5]) {
      await vi.advanceTimersByTimeAsync(minutes(1))
      temp('fridge', t)
    }
    expect(of('raised')).toHaveLength(1)
    expect(of('updated')).toHaveLength(3)
    const [a] = engine.active()
    expect(a).toMatchObject({ count: 4, value: 6.5, peak: 9.4, lastAt: '2026-11-27T08:33:00.000Z' })
    expect(engine.active()).toHaveLength(1)
    await engine.stop()
  })

  it('a change that is not a new reading (battery, online) is not counted as a repeat', async () => {
    const { engine, temp, devices } = setup()
    await engine.start()
    temp('fridge', 6)
    await vi.advanceTimersByTimeAsync(minutes(31))
    const s = devices.get('fridge') as DeviceState
    s.battery = 80
    engine.onDevice(s)
    s.online = false
    engine.onDevice(s)
    expect(engine.active()).toMatchObject([{ count: 1 }])
    await engine.stop()
  })

  it('medicine fridge: too cold below 2 °C and too warm above 8 °C are separate critical alerts', async () => {
    const { engine, trace, of } = setup({ devices: { med: { profile: 'medicine' } } })
    await engine.start()
    await trace('med', 9, () => 1.5)
    expect(of('raised')).toEqual([])
    await trace('med', 2, () => 1.5)
    expect(of('raised')).toMatchObject([{ key: 'med:temperature-low', severity: 'critical', peak: 1.5 }])
    // 2.2 is back in range but inside the 0.5 °C margin: not recovered.
    await trace('med', 10, () => 2.2)
    expect(of('cleared')).toEqual([])
    await trace('med', 6, () => 4)
    expect(of('cleared')).toMatchObject([{ key: 'med:temperature-low', clearedBy: 'auto' }])
    await trace('med', 11, () => 8.5)
    expect(of('raised').map((a) => a.key)).toEqual(['med:temperature-low', 'med:temperature-high'])
    expect(of('raised')[1]).toMatchObject({ severity: 'critical', type: 'temperature-high' })
    await engine.stop()
  })

  it('severity and delay follow the profile: food major after 30 min, medicine critical after 10', async () => {
    const { engine, temp, of } = setup({ devices: { med: { profile: 'medicine' } } })
    await engine.start()
    const both = async (n: number) => {
      for (let i = 0; i < n; i++) {
        temp('food', 9)
        temp('med', 9)
        await vi.advanceTimersByTimeAsync(minutes(1))
      }
    }
    await both(11)
    expect(of('raised').map((a) => [a.subject, a.severity])).toEqual([['med', 'critical']])
    await both(20)
    expect(of('raised').map((a) => [a.subject, a.severity])).toEqual([
      ['med', 'critical'],
      ['food', 'major'],
    ])
    await engine.stop()
  })

  it('takes per-device limits and durations from the rules', async () => {
    const rules: AlertRulesInput = { devices: { drinks: { temperature: { max: 10, delayMin: 5 } } } }
    const { engine, trace, of } = setup(rules)
    await engine.start()
    await trace('drinks', 20, () => 9)
    expect(of('raised')).toEqual([])
    await trace('drinks', 6, () => 11)
    expect(of('raised')).toMatchObject([{ context: { limit: 10, profile: 'food' } }])
    await engine.stop()
  })
})
