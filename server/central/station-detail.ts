import type { Db } from './db/db.js'
import { figuresOf } from './figures.js'
import { alertList, stationSummaries } from './queries.js'

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null)

/**
 * A station's latest picture as the district knows it: its summary, devices, open alerts, stock, today's
 * figures (from the events stored), what its last birth said (`reported`), and its cold-chain record.
 * null when there is no such station.
 */
export async function stationDetail(db: Db, id: string, now: number) {
  const [summary] = await stationSummaries(db, now, id)
  if (!summary) return null
  const devices = await db.query<Record<string, unknown>>(
    'SELECT * FROM devices WHERE station_id = $1 ORDER BY device_id',
    [id],
  )
  const stock = await db.query<Record<string, unknown>>(
    'SELECT * FROM stock WHERE station_id = $1 AND NOT removed ORDER BY item_id',
    [id],
  )
  const cold = await db.query<Record<string, unknown>>(
    `SELECT device_id, day, min, max, readings FROM coldchain_days WHERE station_id = $1
     ORDER BY day DESC, device_id LIMIT 62`,
    [id],
  )
  const excursions = await db.query<Record<string, unknown>>(
    'SELECT * FROM excursions WHERE station_id = $1 ORDER BY start_at DESC LIMIT 20',
    [id],
  )
  const reported = await db.query<{ reported: unknown }>('SELECT reported FROM stations WHERE id = $1', [id])
  return {
    station: summary,
    devices: devices.rows.map((d) => ({
      deviceId: d.device_id as string,
      kind: d.kind as string,
      name: d.name as string,
      online: d.online as boolean,
      lastSeen: iso(d.last_seen),
      reading: (d.reading ?? null) as Record<string, unknown> | null,
      battery: (d.battery ?? null) as number | null,
    })),
    alerts: await alertList(db, { open: true, station: id, limit: 200 }),
    stock: stock.rows.map((s) => ({
      itemId: s.item_id as string,
      name: s.name as string,
      unit: s.unit as string,
      count: s.count as number,
      min: s.min as number,
      target: s.target as number,
      needsRestock: s.needs_restock as boolean,
      nextExpiry: (s.next_expiry ?? null) as string | null,
    })),
    today: await figuresOf(db, [{ id, timeZone: summary.timeZone }], 'day', now),
    reported: (reported.rows[0]?.reported ?? null) as Record<string, unknown> | null,
    coldChain: {
      days: cold.rows.map((c) => ({
        deviceId: c.device_id as string,
        day: c.day as string,
        min: c.min as number | null,
        max: c.max as number | null,
        readings: c.readings as number,
      })),
      excursions: excursions.rows.map((x) => ({
        excursionId: x.excursion_id as string,
        deviceId: x.device_id as string,
        type: x.type as string,
        start: iso(x.start_at) as string,
        end: iso(x.end_at),
        peak: (x.peak ?? null) as number | null,
        durationMin: x.duration_min as number,
      })),
    },
  }
}
