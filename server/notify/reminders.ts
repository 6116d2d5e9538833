import type { Alert } from '../alerts/types.js'

export interface ReminderPolicy {
  /** Minutes between reminders while an alert stays unacknowledged; 0: none. */
  reminderMin: number
  /** Minutes unacknowledged before the escalation contacts are told; 0: never. */
  escalateAfterMin: number
}

export interface ReminderState {
  /** Per alert id: how many reminders have gone out. */
  reminded: Record<string, number>
  /** Alert ids already escalated. */
  escalated: string[]
}

export type Due = { alert: Alert; kind: 'alert.reminder' | 'alert.escalated' }

const MIN = 60_000

/**
 * What is due now for the open, unacknowledged alerts, given what was already sent. Missed reminders (the
 * hub was down) collapse into one: a manager wants to be nudged, not to receive five messages at once.
 * Mutates `state` to record what it returns, and forgets alerts that are no longer open.
 */
export function dueNotifications(
  open: Alert[],
  state: ReminderState,
  policy: ReminderPolicy,
  now: number,
): Due[] {
  const out: Due[] = []
  const ids = new Set(open.map((a) => a.id))
  for (const id of Object.keys(state.reminded)) if (!ids.has(id)) delete state.reminded[id]
  state.escalated = state.escalated.filter((id) => ids.has(id))
  for (const a of open) {
    if (a.state !== 'active') continue
    const waited = now - Date.parse(a.raisedAt)
    if (policy.reminderMin > 0) {
      const k = Math.floor(waited / (policy.reminderMin * MIN))
      if (k > (state.reminded[a.id] ?? 0)) {
        state.reminded[a.id] = k
        out.push({ alert: a, kind: 'alert.reminder' })
      }
    }
    if (
      policy.escalateAfterMin > 0 &&
      waited >= policy.escalateAfterMin * MIN &&
      !state.escalated.includes(a.id)
    ) {
      state.escalated.push(a.id)
      out.push({ alert: a, kind: 'alert.escalated' })
    }
  }
  return out
}
