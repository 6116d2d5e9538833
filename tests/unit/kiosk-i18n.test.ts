import { describe, expect, it } from 'vitest'
import { knownKey, lang, setLang, t, tables } from '../../kiosk-ui/src/kiosk/i18n.js'

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('kiosk i18n table', () => {
  const zh = tables['zh-CN']
  const en = tables.en

  it('has the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
  })

  it('uses the same parameters in both languages', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[])
      expect(params(en[key]), key).toEqual(params(zh[key]))
  })

  it('has no empty message and no stray braces', () => {
    for (const table of [zh, en])
      for (const [key, text] of Object.entries(table)) {
        expect(text.trim(), key).not.toBe('')
        expect(text.replace(/\{\w+\}/g, ''), key).not.toMatch(/[{}]/)
      }
  })

  it('has a kind Chinese message for every error code the kiosk routes answer with', () => {
    for (const code of [
      'NETWORK',
      'HUB_ERR_RATE_LIMITED',
      'HUB_ERR_VALIDATION',
      'HUB_ERR_ALREADY_SIGNED_UP',
      'HUB_ERR_CONSENT_REQUIRED',
      'HUB_ERR_SCREENING_CLOSED',
      'HUB_ERR_SCREENING_NOT_FOUND',
      'HUB_ERR_SIGNUP_NOT_FOUND',
      'HUB_ERR_TOO_MANY_TRIES',
      'HUB_ERR_STOCK_EMPTY',
      'HUB_ERR_STOCK_ITEM_NOT_FOUND',
    ])
      expect(knownKey('error.', code, 'error.generic'), code).toBe(`error.${code}`)
    expect(knownKey('error.', 'HUB_ERR_SOMETHING_NEW', 'error.generic')).toBe('error.generic')
  })

  it('fills parameters and follows the language switch', () => {
    try {
      expect(t('checkin.welcomeBack', { n: 3 })).toBe('欢迎回来！本月第 3 次来驿站')
      setLang('en')
      expect(t('checkin.welcomeBack', { n: 3 })).toBe('Welcome back! Visit 3 this month')
    } finally {
      setLang('zh-CN')
    }
    expect(lang.value).toBe('zh-CN')
  })
})
