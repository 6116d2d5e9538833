import { createHttp } from './http.js'
import type { Collected, LockerKind, Rented } from './lockers.js'
import type {
  HelpReason,
  KioskConfig,
  Lookup,
  Notice,
  Screening,
  SignupResult,
  StockEntry,
  TakeoutResult,
  Visit,
} from './types.js'

/** Long enough for a busy Pi, short enough that a courier is not left staring at a spinner. */
const http = createHttp({ timeoutMs: 10_000 })
const { get, post } = http

export const api = {
  kiosk: () => get<KioskConfig>('/api/kiosk'),
  notices: async () => (await get<{ notices: Notice[] }>('/api/notices')).notices,
  screenings: async () => (await get<{ screenings: Screening[] }>('/api/screenings')).screenings,
  lookup: (phone: string) => post<Lookup>('/api/checkins/lookup', { phone }),
  checkin: async (phone: string, platform: string, purposes: string[]) =>
    (await post<{ visit: Visit }>('/api/checkins', { phone, platform, purposes })).visit,
  signup: (screeningId: string, name: string, phone: string) =>
    post<SignupResult>(`/api/screenings/${encodeURIComponent(screeningId)}/signups`, {
      name,
      phone,
      consent: true,
    }),
  cancelSignup: async (screeningId: string, code: string, phone: string) =>
    http.request<{ cancelled: true; promoted: boolean }>(
      'DELETE',
      `/api/screenings/${encodeURIComponent(screeningId)}/signups/${encodeURIComponent(code)}`,
      { phone },
    ),
  cancelByName: (screeningId: string, phone: string, name: string) =>
    post<{ cancelled: true; promoted: boolean }>(
      `/api/screenings/${encodeURIComponent(screeningId)}/cancellations`,
      { phone, name },
    ),
  help: (reason: HelpReason, phone?: string) =>
    post<{ id: string; at: string }>('/api/help', phone ? { reason, phone } : { reason }),
  stock: async () => (await get<{ items: StockEntry[] }>('/api/stock')).items,
  takeOut: (item: string, quantity: number) => post<TakeoutResult>('/api/stock/takeouts', { item, quantity }),
  rentLocker: (kind: LockerKind, phone?: string) =>
    post<Rented>('/api/lockers/rentals', phone ? { kind, phone } : { kind }),
  collectLocker: (by: { phone: string } | { locker: string; pin: string }) =>
    post<Collected>('/api/lockers/collect', by),
}
