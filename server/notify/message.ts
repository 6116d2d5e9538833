import { alertTitle, countWords, present, subjectWords, valueWords } from '../alerts/title.js'
import type { Alert } from '../alerts/types.js'
import type { StationTime } from '../time/station-time.js'
import type { Notification } from './types.js'

const STATE_ZH = { active: '未处理', acknowledged: '已确认', cleared: '已解除' } as const

/**
 * A notification about an alert: the title (with the worst value), then what, since when, the value now,
 * and what state it is in, every line in words a person reads. A help alert carries the number to call
 * back: `phone` in full while the hub keeps it, else the masked one.
 */
export function alertNotification(
  alert: Alert,
  kind: Notification['kind'],
  station: { id: string; name: string },
  now: number,
  time: StationTime,
  opts: { phone?: string | null } = {},
): Notification {
  const help = alert.type === 'help'
  const lines = [
    `${help ? '求助原因' : '对象'}：${subjectWords(alert).zh}`,
    `开始：${time.dateTime(alert.since)}`,
  ]
  const value = alert.state === 'cleared' ? null : valueWords(alert, alert.value)
  if (value) lines.push(`现在：${value.zh}`)
  if (help) {
    const masked = typeof alert.context.phoneMasked === 'string' ? alert.context.phoneMasked : null
    lines.push(`联系电话：${opts.phone ?? masked ?? '未留'}`)
  }
  lines.push(`状态：${STATE_ZH[alert.state]}${alert.count > 1 ? `，${countWords(alert).zh}` : ''}`)
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
    alert: present(alert, () => opts.phone ?? null),
  }
}
