import { createHttp } from './http.js'
import type {
  Alert,
  CheckinDay,
  CheckinStats,
  ColdChain,
  Excursion,
  HistoryPoint,
  ItemInput,
  ManagedScreening,
  Notice,
  NoticeInput,
  Period,
  ScreeningInput,
  StockItem,
  StockView,
  User,
} from './manage-types.js'
import type { KioskConfig } from './types.js'

export { HubError, NETWORK } from './http.js'

let onUnauthorized: () => void = () => {}

/** Every 401 except the login attempt itself ends the session in the UI: the console goes back to login. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

/** A manager on a phone on a weak signal gets a little longer than a courier at the kiosk. */
const { get, post, put } = createHttp({ timeoutMs: 15_000, onUnauthorized: () => onUnauthorized() })

/** The console's fetch, for its other route files (manage-lockers.ts). */
export const manageHttp = { get, post, put }

const enc = encodeURIComponent
const q = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))

export const api = {
  me: async () => (await get<{ user: User }>('/api/auth/me')).user,
  login: async (name: string, password: string) =>
    (await post<{ user: User }>('/api/auth/login', { name, password })).user,
  logout: () => post<{ ok: true }>('/api/auth/logout'),

  alerts: async () => (await get<{ alerts: Alert[] }>('/api/manage/alerts')).alerts,
  alertHistory: async (from: Date, to: Date, limit = 200) =>
    (
      await get<{ alerts: Alert[] }>(
        `/api/manage/alerts/history?${q({ from: from.toISOString(), to: to.toISOString(), limit })}`,
      )
    ).alerts,
  ack: async (id: string) => (await post<{ alert: Alert }>(`/api/manage/alerts/${enc(id)}/ack`)).alert,
  resolve: async (id: string, note: string) =>
    (await post<{ alert: Alert }>(`/api/manage/alerts/${enc(id)}/resolve`, { note })).alert,

  history: async (deviceId: string, from: Date, to: Date) =>
    (
      await get<{ points: HistoryPoint[] }>(
        `/api/devices/${enc(deviceId)}/history?${q({ from: from.toISOString(), to: to.toISOString() })}`,
      )
    ).points,
  coldChain: (deviceId: string, days = 30) =>
    get<ColdChain>(`/api/manage/coldchain/${enc(deviceId)}?days=${days}`),
  excursionAction: async (deviceId: string, id: string, action: string) =>
    (
      await post<{ excursion: Excursion }>(
        `/api/manage/coldchain/${enc(deviceId)}/excursions/${enc(id)}/action`,
        { action },
      )
    ).excursion,

  stock: () => get<StockView>('/api/manage/stock'),
  addItem: async (item: ItemInput) => (await post<{ item: StockItem }>('/api/manage/stock/items', item)).item,
  editItem: async ({ id, ...rest }: ItemInput) =>
    (await put<{ item: StockItem }>(`/api/manage/stock/items/${enc(id)}`, rest)).item,
  restock: async (id: string, quantity: number, batch: string, expires: string) =>
    (
      await post<{ item: StockItem }>(`/api/manage/stock/items/${enc(id)}/restock`, {
        quantity,
        batch,
        expires,
      })
    ).item,

  screenings: async () =>
    (await get<{ screenings: ManagedScreening[] }>('/api/manage/screenings')).screenings,
  addScreening: (s: ScreeningInput) => post<{ screening: ManagedScreening }>('/api/manage/screenings', s),
  editScreening: (id: string, s: ScreeningInput) =>
    put<{ screening: ManagedScreening }>(`/api/manage/screenings/${enc(id)}`, s),
  cancelScreening: (id: string) =>
    post<{ screening: ManagedScreening }>(`/api/manage/screenings/${enc(id)}/cancel`),

  notices: async () => (await get<{ notices: Notice[] }>('/api/manage/notices')).notices,
  addNotice: (n: NoticeInput) => post<{ notice: Notice }>('/api/manage/notices', n),
  editNotice: (id: string, n: NoticeInput) => put<{ notice: Notice }>(`/api/manage/notices/${enc(id)}`, n),
  expireNotice: (id: string) => post<{ notice: Notice }>(`/api/manage/notices/${enc(id)}/expire`),

  kiosk: () => get<KioskConfig>('/api/kiosk'),
  stats: (period: Period) => get<CheckinStats>(`/api/checkins/stats?period=${period}`),
  daily: async (from: string, to: string) =>
    (await get<{ days: CheckinDay[] }>(`/api/manage/checkins/daily?${q({ from, to })}`)).days,
}
