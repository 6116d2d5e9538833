import type { Alert } from '../alerts/types.js'
import type { DeviceState } from '../sensors/types.js'
import type { StockItem } from '../stock/model.js'
import { countOf } from '../stock/model.js'
import type { Birth, DeviceStateData, Figures, StockLevelData } from './protocol.js'
import { UPLINK_VERSION } from './protocol.js'
import { alertData } from './translate.js'

/** What a birth tells of the station now, gathered from its features. */
export interface StationPicture {
  name: string
  timeZone: string
  software: string
  devices(): DeviceState[]
  alerts(): Alert[]
  stock(): StockItem[]
  /** Today's figures as the station counts them. */
  today(): { day: string } & Figures
}

const MAX_LIST = 200

/** A device's state as the district sees it (the reading without its time: `lastSeen` says when). */
export function deviceData(d: DeviceState): DeviceStateData {
  const r = d.reading
  const reading = r
    ? {
        ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
        ...(r.contact !== undefined ? { contact: r.contact } : {}),
        ...(r.count !== undefined ? { count: Math.max(0, Math.round(r.count)) } : {}),
        ...(r.weight !== undefined ? { weight: r.weight } : {}),
      }
    : null
  return {
    deviceId: d.id,
    kind: d.kind,
    name: d.name.slice(0, 100),
    online: d.online,
    lastSeen: d.lastSeen,
    reading,
    battery: d.battery,
  }
}

/** A medicine-box item's level: its count against its minimum, and its first expiry. */
export function stockData(i: StockItem): StockLevelData {
  const count = Math.max(0, Math.round(countOf(i)))
  const first = i.batches
    .filter((b) => b.quantity > 0)
    .map((b) => b.expires)
    .sort()[0]
  return {
    itemId: i.id,
    name: i.name.slice(0, 100),
    unit: i.unit.slice(0, 16),
    count,
    min: Math.max(0, Math.round(i.min)),
    target: Math.max(0, Math.round(i.target)),
    needsRestock: count <= i.min,
    nextExpiry: first ?? null,
  }
}

/** The birth: the whole picture, on every connect and whenever the district asks. */
export function birthOf(p: StationPicture, session: string, seq: number, acked: number, now: number): Birth {
  return {
    v: UPLINK_VERSION,
    session,
    seq,
    acked: Math.min(acked, seq),
    at: new Date(now).toISOString(),
    station: { name: p.name.slice(0, 100), timeZone: p.timeZone, software: p.software },
    devices: p.devices().slice(0, MAX_LIST).map(deviceData),
    alerts: p
      .alerts()
      .filter((a) => a.state !== 'cleared')
      .slice(0, MAX_LIST)
      .map(alertData),
    stock: p.stock().slice(0, MAX_LIST).map(stockData),
    today: p.today(),
  }
}
