import type { Birth } from '../../uplink/protocol.js'
import type { Db } from '../db/db.js'
import { upsertAlerts, upsertDevices, upsertStock } from './apply.js'

export type BirthOutcome =
  | { kind: 'taken'; committed: number; behind: boolean }
  | { kind: 'refused'; reason: 'revoked' | 'unknown' }

const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/**
 * A birth replaces the station's picture as of its `seq`: devices, open alerts and stock it lists are
 * written with that seq (events after it win, events before it do not), and what it no longer lists is
 * gone (devices, stock) or over (alerts). The station is online under the birth's session from now on.
 */
export async function commitBirth(db: Db, station: string, birth: Birth): Promise<BirthOutcome> {
  return db.tx(async (q) => {
    const { rows } = await q.query<{ committed: number; revoked_at: Date | null }>(
      'SELECT committed, revoked_at FROM stations WHERE id = $1 FOR UPDATE',
      [station],
    )
    const row = rows[0]
    if (!row) return { kind: 'refused', reason: 'unknown' } as const
    if (row.revoked_at) return { kind: 'refused', reason: 'revoked' } as const
    const seq = birth.seq
    const reported = {
      station: birth.station,
      today: birth.today,
      acked: birth.acked,
      seq: birth.seq,
      devices: birth.devices.length,
    }
    await q.query(
      `UPDATE stations SET session = $2, online = true, state_at = now(), last_seen = now(), birth_at = $3,
         birth_seq = $4, head = greatest(head, $4), reported = $5::jsonb,
         time_zone = CASE WHEN $6::text IS NULL THEN time_zone ELSE $6 END
       WHERE id = $1`,
      [
        station,
        birth.session,
        birth.at,
        seq,
        JSON.stringify(reported),
        validZone(birth.station.timeZone) ? birth.station.timeZone : null,
      ],
    )
    const withSeq = <T>(list: T[]) => JSON.stringify(list.map((x) => ({ ...x, seq })))
    await upsertDevices(q, station, withSeq(birth.devices), true)
    await q.query('DELETE FROM devices WHERE station_id = $1 AND seq <= $2 AND NOT (device_id = ANY($3))', [
      station,
      seq,
      birth.devices.map((d) => d.deviceId),
    ])
    await upsertAlerts(q, station, withSeq(birth.alerts), true)
    // Open here, not open there: it cleared while the district was not told (or before a restore).
    await q.query(
      `UPDATE alerts SET state = 'cleared', cleared_at = coalesce(cleared_at, $4::timestamptz), seq = $2
       WHERE station_id = $1 AND state <> 'cleared' AND seq <= $2 AND NOT (alert_id = ANY($3))`,
      [station, seq, birth.alerts.map((a) => a.alertId), birth.at],
    )
    await upsertStock(q, station, withSeq(birth.stock), true)
    await q.query(
      'UPDATE stock SET removed = true WHERE station_id = $1 AND seq <= $2 AND NOT (item_id = ANY($3))',
      [station, seq, birth.stock.map((s) => s.itemId)],
    )
    return { kind: 'taken', committed: row.committed, behind: seq < row.committed } as const
  })
}
