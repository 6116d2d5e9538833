/** A failed hub request. `code` is the hub's HUB_ERR_* code, NETWORK when no answer came, else HTTP_<status>. */
export class ManageError extends Error {
  constructor(
    readonly code: string,
    readonly status: number | null,
    /** HUB_ERR_LOCKED_OUT: when the lock ends (ms since 1970), if the answer tells. */
    readonly until: number | null = null,
    /** The hub's own `message` (English, for the log and for facts such as a count), or ''. */
    readonly hubMessage = '',
  ) {
    super(hubMessage ? `${code}: ${hubMessage}` : code)
    this.name = 'ManageError'
  }
}

export const NETWORK = 'NETWORK'

const TIMEOUT_MS = 15_000

let onUnauthorized: () => void = () => {}

/** Every 401 except the login attempt itself ends the session in the UI: the console goes back to login. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

/**
 * When a lock ends. The contract names only the code; this looks, in order, at an `until` field, the
 * standard Retry-After header (seconds), and an ISO time in the message ("try again after …").
 */
export function lockedUntil(body: unknown, retryAfter: string | null, nowMs = Date.now()): number | null {
  const b = (body ?? {}) as { until?: unknown; message?: unknown }
  if (typeof b.until === 'number') return b.until
  if (typeof b.until === 'string' && !Number.isNaN(Date.parse(b.until))) return Date.parse(b.until)
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter)
  if (Number.isFinite(seconds) && seconds >= 0) return nowMs + seconds * 1000
  const iso = typeof b.message === 'string' ? b.message.match(/\d{4}-\d\d-\d\dT[\d:.]+Z?/) : null
  return iso && !Number.isNaN(Date.parse(iso[0])) ? Date.parse(iso[0]) : null
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      // The session is an HttpOnly cookie on this origin; nothing else carries it.
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: 'no-store',
    })
  } catch {
    throw new ManageError(NETWORK, null)
  }
  let data: unknown = null
  try {
    data = await res.json()
  } catch {
    // An empty body or a proxy's error page: judged by the status alone.
  }
  if (!res.ok) {
    const { code: raw, message } = (data ?? {}) as { code?: unknown; message?: unknown }
    const code = typeof raw === 'string' ? raw : `HTTP_${res.status}`
    if (res.status === 401 && path !== '/api/auth/login') onUnauthorized()
    const until = res.status === 429 ? lockedUntil(data, res.headers.get('retry-after')) : null
    throw new ManageError(code, res.status, until, typeof message === 'string' ? message : '')
  }
  return data as T
}

export const get = <T>(path: string) => request<T>('GET', path)
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body)
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body)
