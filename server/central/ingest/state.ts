import type { StationState } from '../../uplink/protocol.js'
import type { Db } from '../db/db.js'

/**
 * `up/state`: online as the station says so; offline (its last will) only when it is the will of the
 * session the district knows, so a late will of an old connection cannot darken a station that is back.
 */
export async function commitState(db: Db, station: string, s: StationState): Promise<void> {
  if (s.state === 'online')
    await db.query(
      `UPDATE stations SET online = true, session = $2, state_at = now(), last_seen = now()
       WHERE id = $1 AND revoked_at IS NULL`,
      [station, s.session],
    )
  else
    await db.query(
      `UPDATE stations SET online = false, state_at = now()
       WHERE id = $1 AND (session IS NULL OR session = $2)`,
      [station, s.session],
    )
}
