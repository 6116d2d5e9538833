import type { EventBus } from '../bus/bus.js'
import type { Clock } from '../clock.js'
import type { DeviceState } from '../sensors/types.js'
import type { History } from '../store/history.js'
import type { Store } from '../store/store.js'
import type { StationTime } from '../time/station-time.js'
import { deviceData } from './birth.js'

const HOUR = 3_600_000

/**
 * What the uplink journals of its own, so it goes up in order with everything else: a device's state (at
 * once when it comes online or goes offline or an alert about it changes; otherwise at most every
 * uplink.deviceStateMinSec, the latest then), a temperature alert as a cold-chain excursion, and each
 * fridge's day so far (hourly). Returns how to stop.
 */
export function startRecorders(o: {
  bus: EventBus
  store: Pick<Store, 'record'>
  history: Pick<History, 'query'>
  clock: Clock
  time: StationTime
  deviceStateMinMs: number
  devices: () => DeviceState[]
}): () => void {
  const last = new Map<string, { at: number; online: boolean }>()
  const waiting = new Map<string, { timer: unknown; state: DeviceState }>()
  const record = (d: DeviceState) => {
    const w = waiting.get(d.id)
    if (w) o.clock.clearTimeout(w.timer)
    waiting.delete(d.id)
    last.set(d.id, { at: o.clock.now(), online: d.online })
    o.store.record('device.state', deviceData(d))
  }
  const changed = (d: DeviceState, now = false) => {
    const before = last.get(d.id)
    if (!before || now || before.online !== d.online) return record(d)
    const due = before.at + o.deviceStateMinMs - o.clock.now()
    if (due <= 0) return record(d)
    const w = waiting.get(d.id)
    if (w) w.state = d
    else {
      const entry = { state: d, timer: null as unknown }
      entry.timer = o.clock.setTimeout(() => record(entry.state), due)
      waiting.set(d.id, entry)
    }
  }

  const sent = new Map<string, string>()
  const fridgeDays = async () => {
    const now = o.clock.now()
    for (const f of o.devices().filter((d) => d.kind === 'temperature')) {
      for (const day of [o.time.dayAfter(now, -1), o.time.day(now)]) {
        const from = o.time.dayStart(day) as number
        const to = (o.time.dayEnd(day) as number) - 1
        const points = await o.history.query(f.id, from, to)
        if (points.length === 0) continue
        let min = Number.POSITIVE_INFINITY
        let max = Number.NEGATIVE_INFINITY
        let readings = 0
        for (const p of points) {
          min = Math.min(min, p.min ?? p.v)
          max = Math.max(max, p.max ?? p.v)
          readings += p.n ?? 1
        }
        const key = `${f.id}/${day}`
        const value = `${min}/${max}/${readings}`
        if (sent.get(key) === value) continue
        sent.set(key, value)
        o.store.record('coldchain.day', { deviceId: f.id, day, min, max, readings })
      }
    }
  }
  const timer = o.clock.setInterval(() => void fridgeDays().catch(() => {}), HOUR)

  const off = [
    o.bus.on('device.changed', (d) => changed(d)),
    o.bus.on('alert', ({ event, alert }) => {
      if (event === 'updated') return
      if (alert.type === 'temperature-high' || alert.type === 'temperature-low') {
        if (event === 'raised' || event === 'cleared')
          o.store.record('coldchain.excursion', {
            excursionId: alert.id,
            deviceId: alert.subject,
            type: alert.type,
            start: alert.since,
            end: alert.clearedAt,
            peak: alert.peak,
            durationMin: Math.max(
              0,
              Math.round(
                ((alert.clearedAt ? Date.parse(alert.clearedAt) : o.clock.now()) - Date.parse(alert.since)) /
                  60_000,
              ),
            ),
          })
      }
      // An alert about a device changing: its state goes up now, whatever the rate limit.
      const d = o.devices().find((x) => x.id === alert.subject)
      if (d && (event === 'raised' || event === 'cleared')) changed(d, true)
    }),
  ]
  return () => {
    for (const f of off) f()
    o.clock.clearInterval(timer)
    for (const w of waiting.values()) o.clock.clearTimeout(w.timer)
    waiting.clear()
  }
}
