import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventBus } from '../../server/bus/bus.js'
import type { HubEvents } from '../../server/bus/events.js'
import { systemClock } from '../../server/clock.js'
import { resolveConfig } from '../../server/config/load.js'
import { DeviceRegistry } from '../../server/sensors/registry.js'

const minutes = (n: number) => n * 60_000

function setup() {
  const config = resolveConfig(
    {
      station: { id: 's1', name: 'S' },
      sensors: { offlineAfterSec: { temperature: 600, door: 3600, stock: 3600 } },
      devices: [
        { id: 'thermo', kind: 'temperature', name: 'T' },
        { id: 'door', kind: 'door', name: 'D', offlineAfterSec: 120 },
      ],
    },
    'test',
  )
  const bus = new EventBus()
  const status: HubEvents['device.status'][] = []
  bus.on('device.status', (e) => status.push(e))
  const registry = new DeviceRegistry(config, bus, systemClock, () => {})
  registry.start()
  const send = (id: string, body: object) =>
    registry.handle(`redstation/s1/devices/${id}`, Buffer.from(JSON.stringify(body)))
  return { registry, status, send }
}

describe('a device that falls silent', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-27T08:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('is shown offline once silent past the default timeout of its kind, and back online when it speaks', async () => {
    const { registry, status, send } = setup()
    send('thermo', { temperature: 4 })
    expect(registry.device('thermo')?.online).toBe(true)
    await vi.advanceTimersByTimeAsync(minutes(9))
    expect(registry.device('thermo')?.online).toBe(true)
    await vi.advanceTimersByTimeAsync(minutes(1) + 1500)
    expect(registry.device('thermo')?.online).toBe(false)
    expect(status.at(-1)).toMatchObject({ id: 'thermo', online: false, why: 'silent' })
    send('thermo', { temperature: 4.1 })
    expect(registry.device('thermo')?.online).toBe(true)
    expect(status.at(-1)).toMatchObject({ id: 'thermo', online: true, why: 'message' })
    registry.stop()
  })

  it('uses its own timeout when the config gives one', async () => {
    const { registry, send } = setup()
    send('door', { contact: true })
    send('thermo', { temperature: 4 })
    await vi.advanceTimersByTimeAsync(minutes(2) + 1500)
    expect(registry.device('door')?.online).toBe(false)
    expect(registry.device('thermo')?.online).toBe(true)
    registry.stop()
  })

  it('keeps its last reading while offline', async () => {
    const { registry, send } = setup()
    send('thermo', { temperature: 3.3 })
    await vi.advanceTimersByTimeAsync(minutes(11))
    expect(registry.device('thermo')).toMatchObject({ online: false, reading: { temperature: 3.3 } })
    registry.stop()
  })

  it('reported offline by its availability topic is offline at once, whatever its last reading', () => {
    const { registry, send } = setup()
    send('thermo', { temperature: 4 })
    registry.handle('redstation/s1/devices/thermo/availability', Buffer.from('offline'))
    expect(registry.device('thermo')?.online).toBe(false)
    registry.stop()
  })
})
