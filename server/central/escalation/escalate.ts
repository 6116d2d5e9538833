import { alertTitle } from '../../alerts/title.js'
import type { Alert } from '../../alerts/types.js'
import type { Clock } from '../../clock.js'
import type { Notification, WebhookTarget } from '../../notify/types.js'
import type { Db } from '../db/db.js'

interface Escalated {
  station_id: string
  station_name: string
  street: string
  community: string
  time_zone: string
  alert_id: string
  type: string
  severity: Notification['severity']
  subject_name: string
  raised_at: Date
  value: number | null
  peak: number | null
  count: number
}

/** 冰箱温度过高：冰箱温度（9.1 °C）, as the station's own notifications title it (an unknown type: as it is). */
function titleOf(e: Escalated): string {
  try {
    return alertTitle({
      type: e.type,
      subjectName: e.subject_name,
      state: 'active',
      value: e.value,
      peak: e.peak,
    } as Alert).zh
  } catch {
    return `${e.type}：${e.subject_name}`
  }
}

const clockTime = (d: Date, tz: string) =>
  d.toLocaleString('zh-CN', {
    timeZone: tz,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })

export function escalationNotification(e: Escalated, now: number, afterMin: number): Notification {
  return {
    id: `${e.station_id}:${e.alert_id}:escalated`,
    kind: 'alert.escalated',
    severity: e.severity,
    at: new Date(now).toISOString(),
    station: { id: e.station_id, name: e.station_name },
    title: titleOf(e),
    lines: [
      `站点：${e.street} ${e.community} ${e.station_name}`,
      `告警时间：${clockTime(e.raised_at, e.time_zone)}`,
      `站点 ${afterMin} 分钟内未确认，已升级至街道/社区，请跟进。`,
    ],
    alert: { stationId: e.station_id, alertId: e.alert_id, type: e.type, severity: e.severity },
  }
}

/**
 * One escalation pass, safe with several instances: in one transaction, every alert still active (not
 * acknowledged at its station, nor by the district) `afterMin` minutes after it was raised is marked
 * escalated (once: escalated_at) and an outbox row is queued for each webhook taking its severity.
 * Returns the stations concerned.
 */
export async function escalate(
  db: Db,
  clock: Clock,
  o: { afterMin: number; webhooks: WebhookTarget[] },
): Promise<string[]> {
  if (o.afterMin <= 0) return []
  const now = clock.now()
  return db.tx(async (q) => {
    const { rows } = await q.query<Escalated>(
      `UPDATE alerts a SET escalated_at = $1
       FROM stations s
       WHERE s.id = a.station_id AND s.revoked_at IS NULL AND a.state = 'active' AND a.escalated_at IS NULL
         AND a.raised_at <= $2
         AND NOT EXISTS (SELECT 1 FROM commands c WHERE c.station_id = a.station_id
           AND c.type = 'alert.acknowledge' AND c.data->>'alertId' = a.alert_id AND c.state IN ('pending', 'ok'))
       RETURNING a.station_id, s.name AS station_name, s.street, s.community, s.time_zone, a.alert_id, a.type,
         a.severity, a.subject_name, a.raised_at, a.value, a.peak, a.count`,
      [new Date(now).toISOString(), new Date(now - o.afterMin * 60_000).toISOString()],
    )
    const queued = rows.flatMap((e) =>
      o.webhooks
        .filter((w) => w.severities.length === 0 || w.severities.includes(e.severity))
        .map((w) => ({
          target: w.id,
          ref: `${e.station_id}:${e.alert_id}:escalated`,
          station: e.station_id,
          payload: escalationNotification(e, now, o.afterMin),
        })),
    )
    if (queued.length > 0)
      await q.query(
        `INSERT INTO outbox (target, ref, station_id, payload, created_at, next_at)
         SELECT x.target, x.ref, x.station, x.payload, $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(target text, ref text, station text, payload jsonb)
         ON CONFLICT (target, ref) DO NOTHING`,
        [JSON.stringify(queued), new Date(now).toISOString()],
      )
    return [...new Set(rows.map((r) => r.station_id))]
  })
}
