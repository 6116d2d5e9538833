import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeContact } from '../../devices/door-contact/protocol.js'
import { familyPrefix, groupDevices } from '../../devices/families.js'
import { FridgeModel } from '../../devices/fridge/model.js'
import { encodeTemperature } from '../../devices/fridge/protocol.js'
import { Compartment, weighItems } from '../../devices/medicine-box/model.js'
import { encodeCount, encodeWeight } from '../../devices/medicine-box/protocol.js'
import { availabilityTopic, readingTopic } from '../../devices/native-topics.js'
import { Timers } from '../../devices/sim-kit.js'
import { DEMO_DEVICES, parseCli, UsageError } from '../../devices/simulate-args.js'
import { startSimulators } from '../../devices/simulators.js'

/** A seeded generator (mulberry32), so a failing run can be replayed exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('native MQTT contract', () => {
  it('puts readings and availability on the station and device topics', () => {
    expect(readingTopic('demo', 'fridge-temp')).toBe('redstation/demo/devices/fridge-temp')
    expect(availabilityTopic('demo', 'fridge-temp')).toBe('redstation/demo/devices/fridge-temp/availability')
  })

  it('encodes each reading exactly as the hub expects', () => {
    expect(encodeTemperature(4.2)).toBe('{"temperature":4.2}')
    expect(encodeTemperature(4.2, 95)).toBe('{"temperature":4.2,"battery":95}')
    expect(JSON.parse(encodeContact(true))).toEqual({ contact: true })
    expect(encodeContact(false)).toBe('{"contact":false}')
    expect(encodeCount(12)).toBe('{"count":12}')
    expect(encodeWeight(345.2)).toBe('{"weight":345.2}')
  })
})

describe('fridge model', () => {
  it('stays between 1 and 12 °C for a day with the door shut', () => {
    const fridge = new FridgeModel(seeded(1))
    let [min, max] = [Infinity, -Infinity]
    for (let s = 0; s < 24 * 3600; s += 5) {
      fridge.advance(5)
      const t = fridge.reading()
      ;[min, max] = [Math.min(min, t), Math.max(max, t)]
    }
    expect(min).toBeGreaterThanOrEqual(1)
    expect(max).toBeLessThanOrEqual(12)
  })

  it('warms while the door is open, a little after it shuts, then recovers', () => {
    const fridge = new FridgeModel(seeded(2))
    fridge.advance(600)
    const before = fridge.probeTemperature
    fridge.setDoorOpen(true)
    fridge.advance(40)
    const atClose = fridge.probeTemperature
    expect(atClose).toBeGreaterThan(before + 1.5)
    expect(atClose).toBeLessThan(25)
    fridge.setDoorOpen(false)
    fridge.advance(10)
    // The probe lags the air, so the reading peaks just after the door shuts.
    expect(fridge.probeTemperature).toBeGreaterThan(atClose)
    fridge.advance(20 * 60)
    expect(fridge.probeTemperature).toBeLessThan(6)
  })

  it('reports one decimal with at most ±0.1 °C of noise', () => {
    const fridge = new FridgeModel(seeded(3))
    for (let i = 0; i < 200; i++) {
      const t = fridge.reading()
      expect(Math.abs(t - fridge.probeTemperature)).toBeLessThanOrEqual(0.15)
      expect(Math.round(t * 10) / 10).toBe(t)
    }
  })
})

describe('medicine-box compartment', () => {
  it('turns a count into grams with the unit weight plus scale noise', () => {
    expect(weighItems(12, 2.5, 0)).toBe(30)
    expect(weighItems(12, 2.5, 0.3)).toBe(30.3)
    expect(weighItems(4, 28.75, -0.3)).toBe(114.7)
  })

  it('never weighs less than nothing', () => {
    expect(weighItems(0, 2.5, -0.3)).toBe(0)
    const c = new Compartment(() => 0) // the scale's worst negative noise every time
    for (let i = 0; i < 500; i++) {
      c.next()
      expect(c.weight(0.1)).toBeGreaterThanOrEqual(0)
    }
  })

  it('loses one at a time and is restocked to full once low', () => {
    const c = new Compartment(seeded(4))
    const counts: number[] = [c.count]
    for (let i = 0; i < 100; i++) {
      const event = c.next()
      const prev = counts.at(-1) ?? 0
      if (event === 'taken') expect(c.count).toBe(prev - 1)
      else expect([prev, c.count]).toEqual([3, 20])
      counts.push(c.count)
    }
    expect(Math.min(...counts)).toBe(3)
    expect(Math.max(...counts)).toBe(20)
  })
})

describe('device families', () => {
  it('pairs a thermometer with the door sharing its prefix into a fridge', () => {
    const f = groupDevices(DEMO_DEVICES)
    expect(f.fridges.map((x) => [x.temperature.id, x.door?.id])).toEqual([['fridge-temp', 'fridge-door']])
    expect(f.doors.map((d) => d.id)).toEqual(['locker-01-door', 'locker-02-door'])
    expect(f.compartments.map((d) => d.id)).toEqual(['medbox-ibuprofen', 'medbox-bandage', 'medbox-cold'])
  })

  it('takes the prefix up to the last - or _', () => {
    expect(familyPrefix('locker-01-door')).toBe('locker-01-')
    expect(familyPrefix('fridge_thermometer')).toBe('fridge_')
    expect(familyPrefix('thermometer')).toBeUndefined()
  })
})

describe('startSimulators', () => {
  it('refuses a bad device list before connecting anything, naming every problem', async () => {
    const devices = [
      { id: 'a', kind: 'door' as const },
      { id: 'a', kind: 'stock' as const, unitWeight: -1 },
    ]
    await expect(startSimulators({ url: 'mqtt://127.0.0.1:1', stationId: 'x', devices })).rejects.toThrow(
      /used twice[\s\S]*unitWeight/,
    )
  })

  it('leaves no timer behind once cleared', () => {
    const timers = new Timers()
    timers.every(1000, () => {})
    timers.after(1000, () => {})
    timers.clear()
    timers.after(1000, () => {})
    expect(timers.size).toBe(0)
  })
})

describe('simulate CLI arguments', () => {
  it('simulates the demo station by default', async () => {
    const o = await parseCli(['--url', 'mqtt://localhost:1883', '--interval', '2000'])
    expect(o).toMatchObject({ url: 'mqtt://localhost:1883', stationId: 'demo', intervalMs: 2000, speed: 1 })
    expect(o.devices).toHaveLength(7)
  })

  it('rejects missing or malformed arguments with a usage error', async () => {
    await expect(parseCli([])).rejects.toBeInstanceOf(UsageError)
    await expect(parseCli(['--url', 'localhost'])).rejects.toThrow(/not a broker URL/)
    await expect(parseCli(['--url', 'mqtt://h:1', '--interval', 'soon'])).rejects.toThrow(/--interval/)
    await expect(parseCli(['--url', 'mqtt://h:1', '--nope'])).rejects.toBeInstanceOf(UsageError)
  })

  it('reads station id, devices, unit weights and credentials from a YAML station file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'))
    const path = join(dir, 'station.yaml')
    await writeFile(
      path,
      [
        'station: { id: st-07, name: 七号驿站 }',
        'devices:',
        '  - { id: fridge-temp, kind: temperature, name: 冰箱温度, mqtt: { username: u1, password: p1 } }',
        '  - { id: medbox-gauze, kind: stock, name: 纱布, unitWeight: 4 }',
      ].join('\n'),
    )
    const o = await parseCli(['--url', 'mqtt://h:1', '--config', path])
    expect(o.stationId).toBe('st-07')
    expect(o.devices).toEqual([
      { id: 'fridge-temp', kind: 'temperature', username: 'u1', password: 'p1' },
      { id: 'medbox-gauze', kind: 'stock', unitWeight: 4 },
    ])
    await writeFile(path, 'devices:\n  - { id: x, kind: lamp }\n')
    await expect(parseCli(['--url', 'mqtt://h:1', '--config', path])).rejects.toThrow(/devices\[0\]\.kind/)
  })
})
