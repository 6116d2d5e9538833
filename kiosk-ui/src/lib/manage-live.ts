import { type LinkStatus, openLiveSocket } from './live-socket.js'
import { applyAlertEvent, isNewAlert, sortAlerts } from './manage-alerts.js'
import type { Alert, AlertEvent, HelpCall } from './manage-types.js'
import { signal } from './signal.js'

interface ManagerEvents {
  alerts: (body: { alerts: Alert[] }) => void
  alert: (body: AlertEvent) => void
  help: (call: HelpCall) => void
}

/** The open alerts (active and acknowledged), in inbox order, kept in step with the hub. */
export const openAlerts = signal<Alert[]>([])
/** Help calls from the kiosk since this page was opened, newest first, until the manager dismisses them. */
export const helpCalls = signal<HelpCall[]>([])
export const managerLink = signal<LinkStatus>('connecting')

/** Most calls kept on screen; older ones are in the alert history (a help call is also an alert). */
const MAX_HELP = 5

export function applyEvent(event: AlertEvent): boolean {
  const news = isNewAlert(openAlerts.value, event)
  openAlerts.value = applyAlertEvent(openAlerts.value, event)
  return news
}

export function dismissHelp(id: string): void {
  helpCalls.value = helpCalls.value.filter((h) => h.id !== id)
}

const isAlert = (a: unknown): a is Alert =>
  typeof a === 'object' &&
  a !== null &&
  typeof (a as Alert).id === 'string' &&
  typeof (a as Alert).severity === 'string'

export interface ManagerOptions {
  /** Something new arrived: a new alert or a help call (play the sound, say so). */
  onNews: (what: { alert?: Alert; help?: HelpCall }) => void
  /** The hub refused the socket (most likely the session ended): check the session. */
  onRefused: () => void
}

/** Joins `/manager` with the session cookie; socket.io reconnects by itself and the hub resends `alerts`. */
export function connectManager({ onNews, onRefused }: ManagerOptions): () => void {
  const { socket, close } = openLiveSocket<ManagerEvents>({
    path: '/manager',
    status: managerLink,
    onRefused,
  })
  socket.on('alerts', (body) => {
    if (Array.isArray(body?.alerts)) openAlerts.value = sortAlerts(body.alerts.filter(isAlert))
  })
  socket.on('alert', (body) => {
    if (!isAlert(body?.alert)) return
    if (applyEvent(body)) onNews({ alert: body.alert })
  })
  socket.on('help', (call) => {
    if (typeof call?.id !== 'string' || helpCalls.value.some((h) => h.id === call.id)) return
    helpCalls.value = [call, ...helpCalls.value].slice(0, MAX_HELP)
    onNews({ help: call })
  })
  return () => {
    close()
    managerLink.value = 'connecting'
    openAlerts.value = []
    helpCalls.value = []
  }
}
