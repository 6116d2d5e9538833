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

/** Any failure of a hub request. `code` is the hub's HUB_ERR_* code, or NETWORK when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number | null,
  ) {
    super(code)
    this.name = 'ApiError'
  }
}

export const NETWORK = 'NETWORK'

/** Long enough for a busy Pi, short enough that a courier is not left staring at a spinner. */
const TIMEOUT_MS = 10_000

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; data: T }> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: 'no-store',
    })
  } catch {
    throw new ApiError(NETWORK, null)
  }
  let data: unknown = null
  try {
    data = await res.json()
  } catch {
    // A proxy error page or an empty body: judged by the status alone.
  }
  if (!res.ok) {
    const code = (data as { code?: unknown } | null)?.code
    throw new ApiError(typeof code === 'string' ? code : `HTTP_${res.status}`, res.status)
  }
  return { status: res.status, data: data as T }
}

const get = async <T>(path: string) => (await request<T>('GET', path)).data
const post = async <T>(path: string, body: unknown) => (await request<T>('POST', path, body)).data

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
    (
      await request<{ cancelled: true; promoted: boolean }>(
        'DELETE',
        `/api/screenings/${encodeURIComponent(screeningId)}/signups/${encodeURIComponent(code)}`,
        { phone },
      )
    ).data,
  help: (reason: HelpReason, phone?: string) =>
    post<{ id: string; at: string }>('/api/help', phone ? { reason, phone } : { reason }),
  stock: async () => (await get<{ items: StockEntry[] }>('/api/stock')).items,
  takeOut: (item: string, quantity: number) => post<TakeoutResult>('/api/stock/takeouts', { item, quantity }),
  rentLocker: (kind: LockerKind, phone?: string) =>
    post<Rented>('/api/lockers/rentals', phone ? { kind, phone } : { kind }),
  collectLocker: (by: { phone: string } | { locker: string; pin: string }) =>
    post<Collected>('/api/lockers/collect', by),
}
