import { io, type Socket } from 'socket.io-client'
import { applyNotices, applyScreenings } from './live-lists.js'
import { signal } from './signal.js'
import { applyStockItem, isStockEntry } from './stock.js'
import type { DeviceState, Station, StationState, StockEntry, UnregisteredDevice } from './types.js'

export type LinkStatus = 'connecting' | 'connected' | 'disconnected'

interface ServerEvents {
  state: (state: StationState) => void
  device: (device: DeviceState) => void
  unregistered: (device: UnregisteredDevice) => void
  stock: (item: StockEntry) => void
  notices: (body: unknown) => void
  screenings: (body: unknown) => void
}

/** What the kiosk knows about the station, kept in step with the hub over socket.io. */
export const station = signal<Station | null>(null)
export const devices = signal<ReadonlyMap<string, DeviceState>>(new Map())
export const unregistered = signal<ReadonlyMap<string, UnregisteredDevice>>(new Map())
export const link = signal<LinkStatus>('connecting')

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((item) => [item.id, item]))
const hasId = (value: unknown): value is { id: string } =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'

export function applyState(state: StationState): void {
  station.value = state.station
  devices.value = byId(state.devices)
  unregistered.value = byId(state.unregistered ?? [])
}

export function applyDevice(device: DeviceState): void {
  devices.value = new Map(devices.value).set(device.id, device)
  if (unregistered.value.has(device.id)) {
    const rest = new Map(unregistered.value)
    rest.delete(device.id)
    unregistered.value = rest
  }
}

export function applyUnregistered(device: UnregisteredDevice): void {
  unregistered.value = new Map(unregistered.value).set(device.id, device)
}

/** Connects to the hub that served this page; reconnects forever with socket.io's default backoff. */
export function connectHub(url?: string): () => void {
  // A kiosk on the station's own network: retry every 1–2 s rather than backing off to 5 s, so the screen
  // is back within a couple of seconds of the hub.
  const options = { reconnectionDelay: 1000, reconnectionDelayMax: 2000 }
  const socket: Socket<ServerEvents> = url ? io(url, options) : io(options)
  socket.on('connect', () => {
    link.value = 'connected'
  })
  socket.on('disconnect', (reason) => {
    link.value = 'disconnected'
    // A hub that shuts down says goodbye ("io server disconnect"); socket.io then waits for us to reconnect.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000)
  })
  socket.on('connect_error', () => {
    link.value = 'disconnected'
    // A refusal by the server (not a network error) stops socket.io's own retries; keep trying anyway.
    if (!socket.active) setTimeout(() => socket.connect(), 5000)
  })
  // The hub sends the full state on every (re)connection, so a missed change heals itself.
  socket.on('state', (state) => {
    if (typeof state === 'object' && state !== null && Array.isArray(state.devices)) applyState(state)
  })
  socket.on('device', (device) => {
    if (hasId(device)) applyDevice(device)
  })
  socket.on('unregistered', (device) => {
    if (hasId(device)) applyUnregistered(device)
  })
  // Not part of `state`: the full list is reloaded over HTTP on every reconnection (kiosk/data.ts).
  socket.on('stock', (item) => {
    if (isStockEntry(item)) applyStockItem(item)
  })
  socket.on('notices', applyNotices)
  socket.on('screenings', applyScreenings)
  return () => {
    socket.close()
  }
}
