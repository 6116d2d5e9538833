import { clockTime, type PlainKey, t } from '../manage/i18n.js'
import { HubError, NETWORK } from './http.js'

// What to tell the manager for each of the hub's error codes (docs/http-api.md, docs/manager-api.md,
// server/auth/README.md). A code not listed falls back on its HTTP status.
const messages: Record<string, PlainKey> = {
  [NETWORK]: 'error.network',
  HUB_ERR_BAD_LOGIN: 'error.badLogin',
  HUB_ERR_LOGIN_REQUIRED: 'error.loginRequired',
  HUB_ERR_FORBIDDEN: 'error.forbidden',
  HUB_ERR_VALIDATION: 'error.validation',
  HUB_ERR_NOT_FOUND: 'error.notFound',
  HUB_ERR_DEVICE_NOT_FOUND: 'error.notFound',
  HUB_ERR_SCREENING_NOT_FOUND: 'error.notFound',
  HUB_ERR_BAD_RANGE: 'error.badRange',
  HUB_ERR_RATE_LIMITED: 'error.rateLimited',
  HUB_ERR_SCREENING_LOCKED: 'error.screeningLocked',
  HUB_ERR_CAPACITY_BELOW_CONFIRMED: 'error.capacityBelowConfirmed',
  HUB_ERR_NOTICE_NOT_FOUND: 'error.noticeNotFound',
  HUB_ERR_STOCK_ITEM_EXISTS: 'error.stockItemExists',
  HUB_ERR_STOCK_ITEM_NOT_FOUND: 'error.stockItemNotFound',
  HUB_ERR_EXCURSION_NOT_FOUND: 'error.excursionNotFound',
  HUB_ERR_ALERT_NOT_FOUND: 'error.alertNotFound',
  HUB_ERR_ALERT_CLEARED: 'error.alertCleared',
  HUB_ERR_LOCKER_UNAVAILABLE: 'error.lockerUnavailable',
  HUB_ERR_LOCKER_NOT_FOUND: 'error.lockerNotFound',
  HUB_ERR_LOCKER_BUSY: 'error.lockerBusy',
}

/**
 * The places already confirmed, from the hub's message for HUB_ERR_CAPACITY_BELOW_CONFIRMED ("capacity:
 * cannot be 3, because 5 places are already confirmed; …", as docs/manager-api.md gives it); null if absent.
 */
export function confirmedCount(hubMessage: string): number | null {
  const m = /because (\d+) places? (?:are|is) already confirmed/.exec(hubMessage)
  return m ? Number(m[1]) : null
}

/** What to tell the manager about a failed request, in the current language. */
export function errorText(err: unknown): string {
  if (!(err instanceof HubError)) return t('error.unknown')
  if (err.code === 'HUB_ERR_LOCKED_OUT') {
    return err.until === null
      ? t('error.lockedOut')
      : t('error.lockedOutUntil', { time: clockTime(err.until) })
  }
  if (err.code === 'HUB_ERR_CAPACITY_BELOW_CONFIRMED') {
    const n = confirmedCount(err.hubMessage)
    if (n !== null) return t('error.capacityBelowN', { n })
  }
  const key = messages[err.code]
  if (key) return t(key)
  if (err.status !== null && err.status >= 500) return t('error.server')
  return t('error.unknown')
}
