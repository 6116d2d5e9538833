import { alertTitle } from '../alerts/title.js'
import type { Alert } from '../alerts/types.js'
import type { StationTime } from '../time/station-time.js'
import type { Notification } from './types.js'

const STATE_ZH = { active: '未处理', acknowledged: '已确认', cleared: '已解除' } as const

/** A notification about an alert: the title, then where, since when, and what state it is in. */
export function alertNotification(
  alert: Alert,
  kind: Notification['kind'],
  station: { id: string; name: string },
  now: number,
  time: StationTime,
): Notification {
  const lines = [`对象：${alert.subjectName}`, `开始：${time.dateTime(alert.since)}`]
  if (alert.value !== null)
    lines.push(`当前值：${alert.value}${alert.peak !== null ? `（峰值 ${alert.peak}）` : ''}`)
  lines.push(`状态：${STATE_ZH[alert.state]}${alert.count > 1 ? `，共 ${alert.count} 次` : ''}`)
  if (kind === 'alert.escalated') lines.push('站长尚未确认，请社区工作人员跟进。')
  if (kind === 'alert.cleared' && alert.note) lines.push(`处理：${alert.note}`)
  return {
    id: `${alert.id}:${kind}:${now}`,
    kind,
    severity: alert.severity,
    at: new Date(now).toISOString(),
    station,
    title: alertTitle(alert).zh,
    lines,
    alert: { ...alert, title: alertTitle(alert) },
  }
}
