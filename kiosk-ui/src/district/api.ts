import { createHttp } from '../lib/http.js'
import type {
  AuditEntry,
  Command,
  Day,
  DistrictAlert,
  Me,
  Publication,
  PublishInput,
  Station,
  StationDetail,
} from './types.js'

let onUnauthorized: () => void = () => {}

/** Every 401 but the login attempt's ends the session on the page: back to the login form. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

/** Staff in the street on a phone: as patient as the station's console. */
const { get, post } = createHttp({ timeoutMs: 15_000, onUnauthorized: () => onUnauthorized() })

const enc = encodeURIComponent

/** A client-made id, so a request sent twice (a double tap, a retry) makes one command. */
export const clientId = (prefix: string) =>
  `${prefix}-${globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`}`

export const api = {
  me: () => get<Me>('/api/me'),
  login: (name: string, password: string) => post<unknown>('/api/auth/login', { name, password }),
  logout: () => post<unknown>('/api/auth/logout'),
  stations: async () => (await get<{ stations: Station[] }>('/api/stations')).stations,
  station: (id: string) => get<StationDetail>(`/api/stations/${enc(id)}`),
  daily: async (id: string, days = 14) =>
    (await get<{ days: Day[] }>(`/api/stations/${enc(id)}/daily?days=${days}`)).days,
  alerts: async () => (await get<{ alerts: DistrictAlert[] }>('/api/alerts?state=open&limit=1000')).alerts,
  acknowledge: async (station: string, alertId: string, note: string) =>
    (
      await post<{ command: Command }>(`/api/stations/${enc(station)}/alerts/${enc(alertId)}/acknowledge`, {
        note: note.trim() || null,
        commandId: clientId('d-ack'),
      })
    ).command,
  publish: async (p: PublishInput) =>
    (await post<{ publication: Publication }>('/api/publications', p)).publication,
  publications: async () => (await get<{ publications: Publication[] }>('/api/publications')).publications,
  audit: async () => (await get<{ entries: AuditEntry[] }>('/api/audit?limit=200')).entries,
}
