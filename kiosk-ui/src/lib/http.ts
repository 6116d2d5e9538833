// The one fetch wrapper of both pages (kiosk and manager console): JSON in and out, a timeout, and every
// failure as a HubError carrying the hub's HUB_ERR_* code.

/** A failed hub request. `code` is the hub's HUB_ERR_* code, NETWORK when no answer came, else HTTP_<status>. */
export class HubError extends Error {
  constructor(
    readonly code: string,
    readonly status: number | null,
    /** HUB_ERR_LOCKED_OUT / a 429: when the wait ends (ms since 1970), if the answer tells. */
    readonly until: number | null = null,
    /** The hub's own `message` (English, for the log and for facts such as a count), or ''. */
    readonly hubMessage = '',
  ) {
    super(hubMessage ? `${code}: ${hubMessage}` : code)
    this.name = 'HubError'
  }
}

export const NETWORK = 'NETWORK'

/** The code of any failure: the hub's, or NETWORK for anything that is not a HubError. */
export const errorCodeOf = (err: unknown): string => (err instanceof HubError ? err.code : NETWORK)

/**
 * When a wait ends. The contract names only the code; this looks, in order, at an `until` field, the
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

export interface HttpOptions {
  /** A courier at the kiosk waits less than a manager on a phone. */
  timeoutMs: number
  /** Told of a 401 on any request but the login itself (the console's session ended). */
  onUnauthorized?: () => void
}

export interface Http {
  request<T>(method: string, path: string, body?: unknown): Promise<T>
  get<T>(path: string): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body: unknown): Promise<T>
}

/** A client for one page. */
export function createHttp(options: HttpOptions): Http {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response
    try {
      res = await fetch(path, {
        method,
        // The console's session is an HttpOnly cookie on this origin; nothing else carries it.
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
        cache: 'no-store',
      })
    } catch {
      throw new HubError(NETWORK, null)
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
      if (res.status === 401 && path !== '/api/auth/login') options.onUnauthorized?.()
      const until = res.status === 429 ? lockedUntil(data, res.headers.get('retry-after')) : null
      throw new HubError(code, res.status, until, typeof message === 'string' ? message : '')
    }
    return data as T
  }
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body = {}) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
  }
}
