import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AlertEngine } from '../../server/alerts/engine.js'
import { DurableAlertStore } from '../../server/alerts/store.js'
import type { Alert, AlertData, AlertEvent } from '../../server/alerts/types.js'
import { systemClock } from '../../server/clock.js'
import type { DeviceState } from '../../server/sensors/types.js'
import type { JournalEntry } from '../../server/store/journal.js'
import { StationTime } from '../../server/time/station-time.js'
import { diskImage } from '../support/disk-image.js'
import { openTestStore } from '../support/store.js'

const minutes = (n: number) => n * 60_000

let dir: string

/** One run of the hub: a journal and a state file on disk, a new engine. */
async function boot(root = dir) {
  const hubStore = await openTestStore(root)
  const events: { event: AlertEvent; alert: Alert }[] = []
  const store = new DurableAlertStore({ store: hubStore, clock: systemClock, time: new StationTime() })
  const engine = new AlertEngine({
    clock: systemClock,
    store,
    emit: (event, alert) => events.push({ event, alert }),
  })
  await engine.start()
  const of = (event: AlertEvent) => events.filter((e) => e.event === event).map((e) => e.alert)
  const temp = (t: number) => {
    const at = new Date(Date.now()).toISOString()
    const s: DeviceState = {
      id: 'fridge',
      kind: 'temperature',
      name: '冰箱温度',
      online: true,
      lastSeen: at,
      reading: { at, temperature: t },
      battery: null,
      batteryLow: false,
      rejected: 0,
      lastError: null,
    }
    engine.onDevice(s)
  }
  const shutdown = async () => {
    await engine.stop()
    await hubStore.close()
    expect(hubStore.log.error).toEqual([])
  }
  return { engine, store: hubStore, of, temp, shutdown }
}

async function journalTypes(): Promise<string[]> {
  const out: JournalEntry[] = []
  const store = await openTestStore(dir)
  for await (const e of store.read()) out.push(e)
  await store.close()
  return out.map((e) => e.type)
}

describe('alert rules across a restart (durable store)', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alerts-restart-'))
    // Only timers and Date are faked: the store's file I/O runs for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2026-11-27T08:00:00Z'))
  })
  afterEach(async () => {
    vi.useRealTimers()
    await rm(dir, { recursive: true, force: true })
  })

  it('a 30-minute delay that ran 20 minutes before a restart raises 10 minutes after it', async () => {
    const first = await boot()
    first.temp(6)
    await vi.advanceTimersByTimeAsync(minutes(20))
    await first.shutdown()
    const saved = JSON.parse(await readFile(join(dir, 'alerts.json'), 'utf8')) as AlertData
    expect(saved.pending['fridge:temperature-high']).toMatchObject({
      phase: 'raise',
      since: '2026-11-27T08:00:00.000Z',
    })

    const second = await boot()
    await vi.advanceTimersByTimeAsync(minutes(1))
    second.temp(6.4) // readings after the restart continue the same wait
    await vi.advanceTimersByTimeAsync(minutes(9) - 1000)
    expect(second.of('raised')).toEqual([])
    await vi.advanceTimersByTimeAsync(2000)
    expect(second.of('raised')).toMatchObject([
      { since: '2026-11-27T08:00:00.000Z', raisedAt: '2026-11-27T08:30:00.000Z', value: 6.4, peak: 6.4 },
    ])
    await second.shutdown()
  })

  it('a clock set back across the restart never stretches a wait past its full length', async () => {
    const first = await boot()
    first.temp(6)
    await vi.advanceTimersByTimeAsync(minutes(20))
    await first.shutdown()
    // The station computer has no RTC: it comes back an hour early until the network sets it right.
    vi.setSystemTime(new Date('2026-11-27T07:20:00Z'))
    const second = await boot()
    await vi.advanceTimersByTimeAsync(minutes(30))
    expect(second.of('raised')).toHaveLength(1)
    await second.shutdown()
  })

  it('a reading back in range after the restart ends the saved wait', async () => {
    const first = await boot()
    first.temp(6)
    await vi.advanceTimersByTimeAsync(minutes(20))
    await first.shutdown()
    const second = await boot()
    second.temp(4)
    await vi.advanceTimersByTimeAsync(minutes(60))
    expect(second.of('raised')).toEqual([])
    await second.shutdown()
  })

  it('an open alert survives a restart: the same alert, updated, never raised twice', async () => {
    const first = await boot()
    first.temp(7)
    await vi.advanceTimersByTimeAsync(minutes(31))
    const [raised] = first.of('raised')
    first.engine.acknowledge(raised?.id as string, 'wang')
    await first.shutdown()

    const second = await boot()
    expect(second.engine.active()).toMatchObject([{ id: raised?.id, state: 'acknowledged', ackBy: 'wang' }])
    for (let i = 0; i < 40; i++) {
      second.temp(7.5)
      await vi.advanceTimersByTimeAsync(minutes(1))
    }
    expect(second.of('raised')).toEqual([])
    expect(second.engine.active()).toMatchObject([{ id: raised?.id, count: 41, peak: 7.5 }])
    await second.shutdown()
    expect(await journalTypes()).toEqual(['alert.raised', 'alert.acknowledged'])
  })

  it('a clearing wait and the history survive a restart', async () => {
    const first = await boot()
    first.temp(7)
    await vi.advanceTimersByTimeAsync(minutes(31))
    first.temp(4)
    await vi.advanceTimersByTimeAsync(minutes(3))
    await first.shutdown()

    const second = await boot()
    await vi.advanceTimersByTimeAsync(minutes(2))
    expect(second.of('cleared')).toMatchObject([{ clearedBy: 'auto', clearedAt: '2026-11-27T08:36:00.000Z' }])
    second.temp(9)
    await vi.advanceTimersByTimeAsync(minutes(30))
    const history = await second.engine.history()
    expect(history.map((a) => [a.state, a.raisedAt])).toEqual([
      ['active', '2026-11-27T09:06:00.000Z'],
      ['cleared', '2026-11-27T08:30:00.000Z'],
    ])
    expect(await second.engine.history({ from: Date.parse('2026-11-27T09:00:00Z') })).toHaveLength(1)
    await second.shutdown()
    expect(await journalTypes()).toEqual(['alert.raised', 'alert.cleared', 'alert.raised'])
  })

  it('a raise is on disk at once, without a clean stop (power cut)', async () => {
    const first = await boot()
    first.temp(7)
    await vi.advanceTimersByTimeAsync(minutes(30))
    const [raised] = first.of('raised')
    const path = join(dir, 'alerts.json')
    await vi.waitFor(async () => {
      const saved = JSON.parse(await readFile(path, 'utf8')) as AlertData
      expect(Object.keys(saved.alerts)).toEqual([raised?.id])
    })
    // The power goes: the disk as it is at this instant is what the next boot finds.
    const image = `${dir}-after-power-cut`
    await diskImage(dir, image)
    vi.clearAllTimers()
    await first.store.close()
    const second = await boot(image)
    expect(second.engine.active().map((a) => a.id)).toEqual([raised?.id])
    second.temp(7.2)
    await vi.advanceTimersByTimeAsync(minutes(60))
    expect(second.of('raised')).toEqual([])
    await second.shutdown()
    await rm(image, { recursive: true, force: true })
  })
})
