import { afterEach, describe, expect, it } from 'vitest'
import { HubError } from '../../kiosk-ui/src/lib/http.js'
import { confirmedCount, errorText } from '../../kiosk-ui/src/lib/manage-errors.js'
import { setLang, t } from '../../kiosk-ui/src/manage/i18n.js'
import { AlertErrors } from '../../server/alerts/errors.js'
import { AuthErrors } from '../../server/auth/errors.js'
import { Errors } from '../../server/errors.js'
import type { StockError } from '../../server/stock/service.js'

/** Every code a route the console calls may answer with, as the hub's catalogues spell them. */
const consoleCodes = [
  new AuthErrors.BAD_LOGIN().code,
  new AuthErrors.LOGIN_REQUIRED().code,
  new AuthErrors.FORBIDDEN().code,
  new Errors.DEVICE_NOT_FOUND('x').code,
  new Errors.EXCURSION_NOT_FOUND('x').code,
  new Errors.BAD_RANGE('x').code,
  new Errors.NOT_FOUND('GET', '/x').code,
  new Errors.SCREENING_NOT_FOUND('x').code,
  new Errors.SCREENING_LOCKED('x', 'is over').code,
  new Errors.CAPACITY_BELOW_CONFIRMED(3, 5).code,
  new Errors.NOTICE_NOT_FOUND('x').code,
  new AlertErrors.NOT_FOUND('x').code,
  new AlertErrors.CLEARED('x').code,
  'HUB_ERR_STOCK_ITEM_EXISTS' satisfies StockError['code'],
  'HUB_ERR_STOCK_ITEM_NOT_FOUND' satisfies StockError['code'],
  'HUB_ERR_VALIDATION',
]

const fallbacks = () => [t('error.unknown'), t('error.server')]

describe('error messages of the console', () => {
  afterEach(() => setLang('zh-CN'))

  it('words every code the manage routes answer with, in Chinese and in English', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      setLang(lang)
      for (const code of consoleCodes) {
        const text = errorText(new HubError(code, 409))
        expect(fallbacks(), `${lang} ${code}`).not.toContain(text)
      }
    }
  })

  it('says how many places are confirmed when a capacity is set below them', () => {
    const hubMessage = new Errors.CAPACITY_BELOW_CONFIRMED(3, 5).message
    expect(confirmedCount(hubMessage)).toBe(5)
    const err = new HubError('HUB_ERR_CAPACITY_BELOW_CONFIRMED', 409, null, hubMessage)
    expect(errorText(err)).toBe('已有 5 人确认参加，名额不能少于 5。')
    expect(errorText(new HubError('HUB_ERR_CAPACITY_BELOW_CONFIRMED', 409))).toBe(
      '名额不能少于已确认的人数。',
    )
  })

  it('falls back on the status for a code it does not know', () => {
    expect(errorText(new HubError('HUB_ERR_SOMETHING_NEW', 503))).toBe(t('error.server'))
    expect(errorText(new HubError('HUB_ERR_SOMETHING_NEW', 409))).toBe(t('error.unknown'))
    expect(errorText(new Error('boom'))).toBe(t('error.unknown'))
  })
})
