import { describe, expect, it } from 'vitest'
import type { DeviceConfig } from '../../server/config/schema.js'
import { decodeAvailability, decodeReading, guessKind } from '../../server/sensors/decode.js'
import { parseTopic } from '../../server/sensors/topics.js'

const b = (s: string) => Buffer.from(s)
const thermo: DeviceConfig = { id: 't', kind: 'temperature', name: 'T', calibration: -0.5 }

describe('topics', () => {
  it('name the device and whether it is availability', () => {
    expect(parseTopic('redstation/s/devices/t', 's', 'zigbee2mqtt')).toEqual({
      source: 'native',
      key: 't',
      availability: false,
    })
    expect(parseTopic('redstation/s/devices/t/availability', 's', 'zigbee2mqtt')).toEqual({
      source: 'native',
      key: 't',
      availability: true,
    })
    expect(parseTopic('zigbee2mqtt/kitchen/fridge/availability', 's', 'zigbee2mqtt')).toEqual({
      source: 'zigbee',
      key: 'kitchen/fridge',
      availability: true,
    })
  })
  it('skip what is not a device report', () => {
    expect(parseTopic('redstation/other/devices/t', 's', 'zigbee2mqtt')).toBeNull()
    expect(parseTopic('redstation/s/devices/t/extra/deep', 's', 'zigbee2mqtt')).toBeNull()
    expect(parseTopic('zigbee2mqtt/bridge/state', 's', 'zigbee2mqtt')).toBeNull()
    expect(parseTopic('zigbee2mqtt/fridge/set', 's', 'zigbee2mqtt')).toBeNull()
  })
})

describe('readings', () => {
  it('apply the calibration offset', () => {
    expect(decodeReading(thermo, b('{"temperature": 4.6}'), 16384)).toEqual({
      ok: true,
      value: { temperature: 4.1 },
    })
  })
  it('accept a zigbee2mqtt message with only metadata, keeping battery', () => {
    expect(decodeReading(thermo, b('{"battery": 80, "linkquality": 90}'), 16384)).toEqual({
      ok: true,
      value: { battery: 80 },
    })
  })
  it('ignore a null or missing secondary field and keep the primary value', () => {
    const door: DeviceConfig = { id: 'd', kind: 'door', name: 'D' }
    expect(decodeReading(door, b('{"contact":false,"battery":null,"linkquality":null}'), 16384)).toEqual({
      ok: true,
      value: { contact: false },
    })
    expect(decodeReading(door, b('{"contact":true,"battery_low":null}'), 16384)).toEqual({
      ok: true,
      value: { contact: true },
    })
    // A secondary field with a wrong value is still bad input, named and counted.
    expect(decodeReading(door, b('{"contact":false,"battery":"full"}'), 16384)).toMatchObject({ ok: false })
    // The primary value null is a lost probe: not a reading (shared/fixtures/zigbee2mqtt/temperature.json).
    expect(decodeReading(thermo, b('{"temperature":null,"battery":90}'), 16384)).toMatchObject({ ok: false })
  })
  it('reject a message with nothing usable', () => {
    expect(decodeReading(thermo, b('{"linkquality": 90}'), 16384)).toMatchObject({ ok: false })
  })
  it('round a weight to a count', () => {
    const box: DeviceConfig = { id: 'm', kind: 'stock', name: 'M', unitWeight: 2.5 }
    expect(decodeReading(box, b('{"weight": 31.4}'), 16384)).toEqual({
      ok: true,
      value: { weight: 31.4, count: 13 },
    })
  })
})

describe('availability', () => {
  it('reads the plain and JSON forms', () => {
    expect(decodeAvailability(b('online'))).toEqual({ ok: true, value: true })
    expect(decodeAvailability(b('offline\n'))).toEqual({ ok: true, value: false })
    expect(decodeAvailability(b('{"state":"offline"}'))).toEqual({ ok: true, value: false })
    expect(decodeAvailability(b('{"state":"sleepy"}'))).toMatchObject({ ok: false })
  })
})

describe('guessing the kind of an unknown device', () => {
  it('looks at the fields', () => {
    expect(guessKind(b('{"contact": true}'))).toBe('door')
    expect(guessKind(b('{"weight": 3}'))).toBe('stock')
    expect(guessKind(b('garbage'))).toBeNull()
  })
})
