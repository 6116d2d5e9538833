import { api } from '../lib/api.js'
import { realScheduler, type Scheduler } from '../lib/idle.js'
import { signal } from '../lib/signal.js'
import { link } from '../lib/socket.js'
import { setStationZone } from '../lib/station-time.js'
import { setStockItems, stockChangeCount } from '../lib/stock.js'
import type { KioskConfig, Notice } from '../lib/types.js'

/** The kiosk's settings and notices from the hub; null until the first answer. */
export const kioskConfig = signal<KioskConfig | null>(null)
export const notices = signal<Notice[] | null>(null)

const RETRY_MS = 5_000
/** Notices change rarely and come over HTTP only; a reconnect also refreshes them. */
const NOTICES_EVERY_MS = 5 * 60_000

/** Loads settings, notices and the medicine box now, after every reconnection, and retries what failed. */
export function startKioskData(scheduler: Scheduler = realScheduler): () => void {
  let stopped = false
  const timers = new Set<unknown>()
  const later = (fn: () => void, ms: number) => {
    const handle = scheduler.setTimeout(() => {
      timers.delete(handle)
      fn()
    }, ms)
    timers.add(handle)
  }
  const loadConfig = async () => {
    try {
      const config = await api.kiosk()
      setStationZone(config.station.timeZone)
      kioskConfig.value = config
    } catch {
      if (!stopped) later(loadConfig, RETRY_MS)
    }
  }
  const loadNotices = async () => {
    try {
      notices.value = await api.notices()
      if (!stopped) later(loadNotices, NOTICES_EVERY_MS)
    } catch {
      if (!stopped) later(loadNotices, RETRY_MS)
    }
  }
  const loadStock = async () => {
    const changes = stockChangeCount()
    try {
      setStockItems(await api.stock())
      // A live change that came while the answer was on its way may be newer than it: ask again.
      if (!stopped && stockChangeCount() !== changes) void loadStock()
    } catch {
      if (!stopped) later(loadStock, RETRY_MS)
    }
  }
  const loadAll = () => {
    void loadConfig()
    void loadNotices()
    void loadStock()
  }
  loadAll()
  const unsubscribe = link.subscribe(() => {
    if (link.value === 'connected') loadAll()
  })
  return () => {
    stopped = true
    unsubscribe()
    for (const handle of timers) scheduler.clearTimeout(handle)
  }
}

/** Notices still current at `nowMs`. */
export function currentNotices(all: readonly Notice[], nowMs: number): Notice[] {
  return all.filter((n) => n.until === null || !(Date.parse(n.until) <= nowMs))
}
