// The district's live picture: every station of the account's scope and their open alerts, from the
// `/district` socket (hello, then a `station` event whenever one changes). News is gathered and shown in
// one render at most every UPDATE_MS, so fifty stations changing a second cost the page a few renders.
import { type LinkStatus, openLiveSocket } from '../lib/live-socket.js'
import { signal } from '../lib/signal.js'
import type { DistrictAlert, DistrictEvents, Station } from './types.js'

export const stations = signal<ReadonlyMap<string, Station>>(new Map())
/** Open alerts by station. */
export const alertsByStation = signal<ReadonlyMap<string, DistrictAlert[]>>(new Map())
export const districtLink = signal<LinkStatus>('connecting')
/** Set once the first `hello` came: the page shows the overview from then on. */
export const loaded = signal(false)
/** Bumped whenever a station's news arrives, with its id: an open station page reloads its details. */
export const changed = signal<{ id: string; n: number }>({ id: '', n: 0 })

const UPDATE_MS = 200

export interface News {
  /** A station that went dark. */
  dark?: Station
  /** A critical alert that was not open before. */
  critical?: DistrictAlert
}

/** What is new in a station's news, against what the page showed. */
export function newsOf(
  before: Station | undefined,
  beforeAlerts: readonly DistrictAlert[] | undefined,
  station: Station,
  alerts: readonly DistrictAlert[],
): News {
  const known = new Set((beforeAlerts ?? []).map((a) => a.alertId))
  const critical = alerts.find(
    (a) => a.severity === 'critical' && a.state === 'active' && !known.has(a.alertId),
  )
  return {
    dark: before?.online && !station.online ? station : undefined,
    critical: before && critical ? critical : undefined,
  }
}

export function allAlerts(): DistrictAlert[] {
  return [...alertsByStation.value.values()].flat()
}

export interface ConnectOptions {
  onNews: (news: News) => void
  onRefused: () => void
}

export function connectDistrict({ onNews, onRefused }: ConnectOptions): () => void {
  const { socket, close } = openLiveSocket<DistrictEvents>({
    path: '/district',
    status: districtLink,
    onRefused,
  })
  let pending = new Map<string, { station: Station; alerts: DistrictAlert[] }>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    timer = undefined
    const batch = pending
    pending = new Map()
    const nextStations = new Map(stations.value)
    const nextAlerts = new Map(alertsByStation.value)
    for (const [id, { station, alerts }] of batch) {
      const news = newsOf(nextStations.get(id), nextAlerts.get(id), station, alerts)
      if (news.dark || news.critical) onNews(news)
      nextStations.set(id, station)
      nextAlerts.set(id, alerts)
      changed.value = { id, n: changed.value.n + 1 }
    }
    stations.value = nextStations
    alertsByStation.value = nextAlerts
  }
  socket.on('hello', (body) => {
    if (!Array.isArray(body?.stations)) return
    clearTimeout(timer)
    pending.clear()
    stations.value = new Map(body.stations.map((s) => [s.id, s]))
    const byStation = new Map<string, DistrictAlert[]>()
    for (const a of body.alerts ?? []) byStation.set(a.stationId, [...(byStation.get(a.stationId) ?? []), a])
    alertsByStation.value = byStation
    loaded.value = true
  })
  socket.on('station', (body) => {
    if (typeof body?.station?.id !== 'string') return
    pending.set(body.station.id, { station: body.station, alerts: body.alerts ?? [] })
    timer ??= setTimeout(flush, UPDATE_MS)
  })
  socket.on('command', (body) => {
    if (typeof body?.stationId === 'string') changed.value = { id: body.stationId, n: changed.value.n + 1 }
  })
  return () => {
    clearTimeout(timer)
    close()
    districtLink.value = 'connecting'
    loaded.value = false
  }
}
