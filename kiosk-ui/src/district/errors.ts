import { HubError, NETWORK } from '../lib/http.js'
import { type PlainKey, t } from './i18n.js'

// What to tell staff for each code of the central service (docs/central.md, server/central/errors.ts,
// server/auth/README.md). A code not listed falls back on its HTTP status.
const messages: Record<string, PlainKey> = {
  [NETWORK]: 'error.network',
  HUB_ERR_BAD_LOGIN: 'error.badLogin',
  HUB_ERR_LOCKED_OUT: 'error.lockedOut',
  HUB_ERR_TOO_MANY_LOGINS: 'error.lockedOut',
  HUB_ERR_LOGIN_REQUIRED: 'error.loginRequired',
  HUB_ERR_FORBIDDEN: 'error.forbidden',
  HUB_ERR_VALIDATION: 'error.validation',
  CENTRAL_ERR_OUT_OF_SCOPE: 'error.outOfScope',
  CENTRAL_ERR_STATION_NOT_FOUND: 'error.notFound',
  CENTRAL_ERR_ALERT_NOT_FOUND: 'error.notFound',
  CENTRAL_ERR_ALERT_NOT_OPEN: 'error.alertNotOpen',
  CENTRAL_ERR_NO_TARGET: 'error.noTarget',
}

/** A failed request in words, in the page's language. */
export function errorText(err: unknown): string {
  if (!(err instanceof HubError)) return t('error.unknown')
  if (err.code === 'CENTRAL_ERR_BAD_PUBLICATION') return t('error.badPublication', { detail: err.hubMessage })
  const key = messages[err.code]
  if (key) return t(key)
  if (err.status !== null && err.status >= 500) return t('error.server')
  return t('error.unknown')
}
