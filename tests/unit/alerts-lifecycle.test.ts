import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AlertEngine } from '../../server/alerts/engine.js'
import { MemoryAlertStore } from '../../server/alerts/memory-store.js'
import type { AlertRulesInput } from '../../server/alerts/rules-schema.js'
import type { Alert, AlertEvent } from '../../server/alerts/types.js'
import { systemClock } from '../../server/clock.js'
import type { DeviceKind, DeviceState, Reading } from '../../server/sensors/types.js'

const minutes = (n: number) => n * 60_000
const T0 = '2026-11-27T08:00:00.000Z'

function setup(rules: AlertRulesInput = {}) {
  const events: { event: AlertEvent; alert: Alert }[] = []
  const store = new MemoryAlertStore()
  const engine = new AlertEngine({
    rules,
    clock: systemClock,
    store,
    emit: (event, alert) => events.push({ event, alert }),
  })
  const devices = new Map<string, DeviceState>()
  /** A device change as the registry would make it: a new reading and/or other fields. */
  const send = (
    id: string,
    kind: DeviceKind,
    reading: Omit<Reading, 'at'> | null,
    patch: Partial<DeviceState> = {},
  ) => {
    let s = devices.get(id)
    if (!s) {
      s = {
        id,
        kind,
        name: id,
        online: true,
        lastSeen: null,
        reading: null,
        battery: null,
        batteryLow: false,
        rejected: 0,
        lastError: null,
      }
      devices.set(id, s)
    }
    const at = new Date(Date.now()).toISOString()
    if (reading) {
      s.reading = { at, ...reading }
      s.lastSeen = at
    }
    Object.assign(s, patch)
    engine.onDevice(s)
  }
  const of = (event: AlertEvent) => events.filter((e) => e.event === event).map((e) => e.alert)
  const warm = async () => {
    send('fridge', 'temperature', { temperature: 7 })
    await vi.advanceTimersByTimeAsync(minutes(30))
  }
  return { engine, store, events, send, of, warm }
}

describe('alert lifecycle', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date(T0))
  })
  afterEach(() => vi.useRealTimers())

  it('acknowledge records who and when; the alert still clears by itself on recovery', async () => {
    const { engine, send, of, warm } = setup()
    await engine.start()
    await warm()
    const [raised] = of('raised')
    await vi.advanceTimersByTimeAsync(minutes(2))
    const acked = engine.acknowledge(raised?.id as string, 'wang')
    expect(acked).toMatchObject({ state: 'acknowledged', ackBy: 'wang', ackAt: '2026-11-27T08:32:00.000Z' })
    expect(of('acknowledged')).toHaveLength(1)
    // A second acknowledgement keeps the first one's who and when.
    expect(engine.acknowledge(raised?.id as string, 'li')).toMatchObject({ ackBy: 'wang' })
    expect(of('acknowledged')).toHaveLength(1)
    send('fridge', 'temperature', { temperature: 3 })
    await vi.advanceTimersByTimeAsync(minutes(5))
    expect(of('cleared')).toMatchObject([
      { id: raised?.id, clearedBy: 'auto', ackBy: 'wang', state: 'cleared' },
    ])
    expect(() => engine.acknowledge(raised?.id as string, 'wang')).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_ALERT_CLEARED', statusCode: 409 }),
    )
    expect(() => engine.resolve('nope', 'wang', 'x')).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_ALERT_NOT_FOUND', statusCode: 404 }),
    )
    await engine.stop()
  })

  it('resolve by hand clears with the user and note; the rule then starts over', async () => {
    const { engine, send, of, warm } = setup()
    await engine.start()
    await warm()
    const id = engine.active()[0]?.id as string
    const resolved = engine.resolve(id, 'wang', '冰箱门没关好，已关上')
    expect(resolved).toMatchObject({ state: 'cleared', clearedBy: 'wang', note: '冰箱门没关好，已关上' })
    expect(engine.active()).toEqual([])
    // Still warm: a new wait of the full delay, then a new alert.
    send('fridge', 'temperature', { temperature: 7.5 })
    await vi.advanceTimersByTimeAsync(minutes(29))
    expect(of('raised')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(minutes(1))
    expect(of('raised')).toHaveLength(2)
    expect(of('raised')[1]?.id).not.toBe(id)
    await engine.stop()
  })

  it('a condition that returns after clearing raises a new alert; history keeps both, newest first', async () => {
    const { engine, send, warm } = setup()
    await engine.start()
    await warm()
    send('fridge', 'temperature', { temperature: 3 })
    await vi.advanceTimersByTimeAsync(minutes(10))
    await warm()
    const active = engine.active()
    expect(active).toHaveLength(1)
    const history = await engine.history()
    expect(history.map((a) => a.state)).toEqual(['active', 'cleared'])
    expect(history[0]?.id).toBe(active[0]?.id)
    expect(history[1]).toMatchObject({ clearedBy: 'auto', raisedAt: '2026-11-27T08:30:00.000Z' })
    expect(await engine.history({ from: Date.parse('2026-11-27T09:00:00Z') })).toHaveLength(1)
    expect(await engine.history({ to: Date.parse('2026-11-27T09:00:00Z') })).toHaveLength(1)
    expect(await engine.history({ limit: 1 })).toHaveLength(1)
    await engine.stop()
  })

  it('a help request is a critical alert at once, one per request id, cleared only by hand', async () => {
    const { engine, of } = setup()
    await engine.start()
    const help = { id: 'h1', reason: 'injured', at: T0, phoneMasked: '138****0000' }
    const a = engine.onHelp(help)
    expect(a).toMatchObject({ type: 'help', severity: 'critical', state: 'active', subjectName: 'injured' })
    expect(a?.context).toEqual({ phoneMasked: '138****0000' })
    engine.onHelp(help)
    expect(of('raised')).toHaveLength(1)
    expect(engine.active()).toMatchObject([{ count: 2 }])
    await vi.advanceTimersByTimeAsync(minutes(600))
    expect(engine.active()).toHaveLength(1)
    engine.resolve(a?.id as string, 'wang', '已送医')
    expect(engine.onHelp(help)).toBeNull()
    expect(engine.onHelp({ ...help, id: 'h2' })).toMatchObject({ key: 'h2:help' })
    expect(of('raised')).toHaveLength(2)
    await engine.stop()
  })

  it('a door left open raises after 10 minutes (or its own N) and clears when closed', async () => {
    const { engine, send, of } = setup({ devices: { locker: { door: { delayMin: 3 } } } })
    await engine.start()
    send('door', 'door', { contact: false })
    send('locker', 'door', { contact: false })
    await vi.advanceTimersByTimeAsync(minutes(3))
    expect(of('raised')).toMatchObject([{ key: 'locker:door-open', severity: 'major' }])
    await vi.advanceTimersByTimeAsync(minutes(6))
    expect(of('raised')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(minutes(1))
    expect(of('raised').map((a) => a.key)).toEqual(['locker:door-open', 'door:door-open'])
    send('door', 'door', { contact: true })
    expect(of('cleared')).toMatchObject([{ key: 'door:door-open', clearedBy: 'auto' }])
    expect(engine.active().map((a) => a.key)).toEqual(['locker:door-open'])
    await engine.stop()
  })

  it('a device offline raises after 2 minutes, not for a blip, and clears when back online', async () => {
    const { engine, send, of } = setup()
    await engine.start()
    send('door', 'door', { contact: true })
    send('door', 'door', null, { online: false })
    await vi.advanceTimersByTimeAsync(minutes(1))
    send('door', 'door', null, { online: true })
    await vi.advanceTimersByTimeAsync(minutes(10))
    expect(of('raised')).toEqual([])
    send('door', 'door', null, { online: false })
    await vi.advanceTimersByTimeAsync(minutes(2))
    expect(of('raised')).toMatchObject([{ type: 'device-offline', severity: 'major', value: null }])
    send('door', 'door', { contact: true }, { online: true })
    expect(of('cleared')).toMatchObject([{ type: 'device-offline', clearedBy: 'auto' }])
    await engine.stop()
  })

  it('battery low (under 20 % or flagged) is minor at once, and clears only clearly above', async () => {
    const { engine, send, of } = setup()
    await engine.start()
    send('t', 'temperature', { temperature: 4 }, { battery: 25 })
    send('t', 'temperature', { temperature: 4 }, { battery: 15 })
    expect(of('raised')).toMatchObject([{ type: 'battery-low', severity: 'minor', value: 15 }])
    send('t', 'temperature', { temperature: 4 }, { battery: 21 })
    expect(of('cleared')).toEqual([])
    send('t', 'temperature', { temperature: 4 }, { battery: 19 })
    send('t', 'temperature', { temperature: 4 }, { battery: 100 })
    expect(of('cleared')).toMatchObject([{ type: 'battery-low', peak: 15, count: 2 }])
    send('d', 'door', { contact: true }, { batteryLow: true })
    expect(of('raised')[1]).toMatchObject({ subject: 'd', type: 'battery-low', value: null })
    await engine.stop()
  })

  it('stock at or below its minimum raises a restock alert at once; 5 minutes above clears it', async () => {
    const { engine, send, of } = setup({ devices: { box: { stock: { min: 3 } } } })
    await engine.start()
    send('box', 'stock', { count: 5 })
    expect(of('raised')).toEqual([])
    send('box', 'stock', { count: 3 })
    expect(of('raised')).toMatchObject([
      { key: 'box:stock-low', severity: 'minor', value: 3, context: { min: 3 } },
    ])
    await vi.advanceTimersByTimeAsync(minutes(1))
    send('box', 'stock', { count: 1 })
    expect(engine.active()).toMatchObject([{ count: 2, value: 1, peak: 1 }])
    // An item taken and put back, again and again, around the minimum: still the one alert.
    for (let i = 0; i < 10; i++) {
      send('box', 'stock', { count: 4 })
      await vi.advanceTimersByTimeAsync(minutes(2))
      send('box', 'stock', { count: 3 })
      await vi.advanceTimersByTimeAsync(minutes(2))
    }
    expect(of('raised')).toHaveLength(1)
    expect(of('cleared')).toEqual([])
    send('box', 'stock', { count: 20 })
    await vi.advanceTimersByTimeAsync(minutes(5))
    expect(of('cleared')).toMatchObject([{ key: 'box:stock-low', value: 20, peak: 1, clearedBy: 'auto' }])
    // Without a minimum in the rules, only an empty compartment alerts.
    send('other', 'stock', { count: 1 })
    send('other', 'stock', { count: 0 })
    expect(of('raised').map((a) => a.subject)).toEqual(['box', 'other'])
    await engine.stop()
  })

  it('batch expiry: expired (major) and expiring within 30 days (warning), re-checked hourly', async () => {
    const { engine, of } = setup()
    await engine.start()
    const day = 86_400_000
    const iso = (ms: number) => new Date(Date.parse(T0) + ms).toISOString()
    const items = [
      {
        id: 'ibuprofen',
        name: '布洛芬',
        batches: [
          { expires: iso(-day), quantity: 2 },
          { expires: iso(10 * day), quantity: 5 },
          { expires: iso(400 * day), quantity: 9 },
        ],
      },
      { id: 'plasters', name: '创可贴', batches: [{ expires: iso(30 * day + minutes(90)), quantity: 4 }] },
      { id: 'empty', name: '碘伏', batches: [{ expires: iso(-day), quantity: 0 }] },
    ]
    engine.checkExpiry(items)
    expect(of('raised').map((a) => [a.key, a.severity, a.value])).toEqual([
      ['ibuprofen:batch-expired', 'major', 2],
      ['ibuprofen:batch-expiring', 'warning', 5],
    ])
    expect(of('raised')[1]?.context).toMatchObject({ withinDays: 30, first: iso(10 * day) })
    // 90 minutes later the plasters are within 30 days: the hourly re-check raises without a new call.
    await vi.advanceTimersByTimeAsync(minutes(120))
    expect(of('raised').map((a) => a.key)).toContain('plasters:batch-expiring')
    // The expired batch thrown away; the item list no longer has plasters.
    engine.checkExpiry([{ ...items[0], batches: items[0]?.batches.slice(1) ?? [] } as (typeof items)[0]])
    expect(
      of('cleared')
        .map((a) => a.key)
        .sort(),
    ).toEqual(['ibuprofen:batch-expired', 'plasters:batch-expiring'])
    expect(engine.active().map((a) => a.key)).toEqual(['ibuprofen:batch-expiring'])
    await engine.stop()
  })

  it('lists open alerts by severity, then oldest first', async () => {
    const { engine, send } = setup({ devices: { box: { stock: { min: 3 } } } })
    await engine.start()
    send('box', 'stock', { count: 1 })
    await vi.advanceTimersByTimeAsync(minutes(1))
    send('door', 'door', { contact: false })
    engine.onHelp({ id: 'h1', reason: 'unwell', at: T0, phoneMasked: null })
    await vi.advanceTimersByTimeAsync(minutes(10))
    engine.onHelp({ id: 'h2', reason: 'other', at: T0, phoneMasked: null })
    expect(engine.active().map((a) => a.key)).toEqual([
      'h1:help',
      'h2:help',
      'door:door-open',
      'box:stock-low',
    ])
    await engine.stop()
  })

  it('a throwing listener is reported and the engine keeps going', async () => {
    const errors: unknown[] = []
    const engine = new AlertEngine({
      clock: systemClock,
      store: new MemoryAlertStore(),
      emit: () => {
        throw new Error('socket gone')
      },
      onError: (err) => errors.push(err),
    })
    await engine.start()
    engine.onHelp({ id: 'h1', reason: 'unwell', at: T0, phoneMasked: null })
    expect(errors).toHaveLength(1)
    expect(engine.active()).toHaveLength(1)
    await engine.stop()
  })

  it('setEnabled(false) ignores readings and stops timers; back on, waits resume from their start', async () => {
    const { engine, send, of } = setup()
    await engine.start()
    send('door', 'door', { contact: false })
    await vi.advanceTimersByTimeAsync(minutes(5))
    engine.setEnabled(false)
    send('box', 'stock', { count: 0 })
    await vi.advanceTimersByTimeAsync(minutes(10))
    expect(of('raised')).toEqual([])
    engine.setEnabled(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(of('raised').map((a) => a.key)).toEqual(['door:door-open'])
    await engine.stop()
  })

  it('refuses help and actions before start, and stop leaves no timer behind', async () => {
    const { engine, send } = setup()
    expect(() => engine.onHelp({ id: 'h', reason: 'other', at: T0, phoneMasked: null })).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_ALERTS_NOT_STARTED' }),
    )
    await engine.start()
    send('door', 'door', { contact: false })
    send('t', 'temperature', { temperature: 9 })
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    await engine.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
