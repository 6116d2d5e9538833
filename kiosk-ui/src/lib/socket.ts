import { type LinkStatus, openLiveSocket } from './live-socket.js'
import { applyLockers, isLockers, type Lockers } from './lockers.js'
import { signal } from './signal.js'
import { applyStockItem, isStockEntry } from './stock.js'
import type { DeviceState, Station, StationState, StockEntry, UnregisteredDevice } from './types.js'

export type { LinkStatus } from './live-socket.js'

interface ServerEvents {
  state: (state: StationState) => void
  device: (device: DeviceState) => void
  unregistered: (device: UnregisteredDevice) => void
  stock: (item: StockEntry) => void
  lockers: (summary: Lockers) => void
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

/** Connects to the hub that served this page (or `url`), and keeps the station state in step with it. */
export function connectHub(url?: string): () => void {
  const { socket, close } = openLiveSocket<ServerEvents>({ path: url, status: link })
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
  // Sent on every (re)connection and every change, by a hub with charging lockers.
  socket.on('lockers', (summary) => {
    if (isLockers(summary)) applyLockers(summary)
  })
  return close
}
