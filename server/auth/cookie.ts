/**
 * The one cookie this hub sets. Its value is a base64url token, so no encoding is needed either way, and
 * reading it is a split of the Cookie header (RFC 6265 §5.4).
 */
export const SESSION_COOKIE = 'redstation_session'

/** The value of `name` in a Cookie header (the first one, as browsers send the most specific first). */
export function readCookie(header: string | string[] | undefined, name = SESSION_COOKIE): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header
  if (!text) return undefined
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=')
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue
    const value = pair.slice(eq + 1).trim()
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value
  }
  return undefined
}

export interface CookieOptions {
  /** Seconds until the browser drops it; 0 deletes it now. */
  maxAgeSec: number
  /** Only over HTTPS: set when the request came over HTTPS. */
  secure: boolean
}

/**
 * A Set-Cookie value: HttpOnly (page scripts cannot read it), SameSite=Strict (never sent on a request
 * another site starts; the console is one same-origin app, so nothing legitimate needs that), Path=/.
 */
export function sessionCookie(value: string, { maxAgeSec, secure }: CookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSec}`,
  ]
  if (maxAgeSec === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  if (secure) parts.push('Secure')
  return parts.join('; ')
}
