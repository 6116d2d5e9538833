import type { Alert, AlertEvent, Severity } from './manage-types.js'

export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor', 'warning']

const rank = (s: Severity) => {
  const i = SEVERITIES.indexOf(s)
  return i === -1 ? SEVERITIES.length : i
}

const time = (iso: string | null) => {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isNaN(ms) ? 0 : ms
}

/**
 * The inbox order: most severe first; within a severity, the ones nobody has acknowledged yet before the
 * acknowledged ones (those have someone on them); then the most recently raised first.
 */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    rank(a.severity) - rank(b.severity) ||
    Number(a.state === 'acknowledged') - Number(b.state === 'acknowledged') ||
    time(b.raisedAt) - time(a.raisedAt) ||
    a.id.localeCompare(b.id)
  )
}

export const sortAlerts = (alerts: readonly Alert[]): Alert[] => [...alerts].sort(compareAlerts)

export const isOpen = (a: Alert) => a.state === 'active' || a.state === 'acknowledged'

/** The badge: alerts still waiting for someone to acknowledge them. */
export const unacknowledged = (alerts: readonly Alert[]) => alerts.filter((a) => a.state === 'active').length

/**
 * Applies one socket `alert` event to the open list: raised, updated and acknowledged put the alert in
 * (replacing the copy with its id), cleared takes it out. An event older than the copy held (by `lastAt`,
 * or an acknowledgement arriving after a later clear) never brings back stale data.
 */
export function applyAlertEvent(list: readonly Alert[], { event, alert }: AlertEvent): Alert[] {
  const held = list.find((a) => a.id === alert.id)
  const rest = list.filter((a) => a.id !== alert.id)
  if (event === 'cleared' || !isOpen(alert)) return sortAlerts(rest)
  if (held && time(alert.lastAt) < time(held.lastAt)) return [...list]
  return sortAlerts([...rest, alert])
}

/** True when this event is news that should sound: a new alert, not a repeat or a state change. */
export function isNewAlert(list: readonly Alert[], { event, alert }: AlertEvent): boolean {
  return event === 'raised' && !list.some((a) => a.id === alert.id)
}
