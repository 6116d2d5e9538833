import { afterEach, describe, expect, it } from 'vitest'
import { ago, duration, setLang, t, tables } from '../../kiosk-ui/src/manage/i18n.js'
import { parseHash } from '../../kiosk-ui/src/manage/route.js'

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('the console string tables', () => {
  afterEach(() => setLang('zh-CN'))

  it('have the same keys in Chinese and English', () => {
    expect(Object.keys(tables.en).sort()).toEqual(Object.keys(tables['zh-CN']).sort())
  })

  it('use the same parameters in both languages, and no empty text', () => {
    for (const [key, zh] of Object.entries(tables['zh-CN'])) {
      const en = tables.en[key as keyof typeof tables.en]
      expect(params(en), key).toEqual(params(zh))
      expect(zh.trim(), key).not.toBe('')
      expect(en.trim(), key).not.toBe('')
    }
  })

  it('keep the English tab labels short enough for a 60 px tab', () => {
    for (const key of Object.keys(tables.en).filter((k) => k.startsWith('tab.') && k !== 'tab.label')) {
      expect(tables.en[key as keyof typeof tables.en].length, key).toBeLessThanOrEqual(8)
    }
  })

  it('fills parameters and switches language', () => {
    expect(t('screen.seats', { n: 2, capacity: 20 })).toBe('已报名 2 / 20 人')
    setLang('en')
    expect(t('screen.seats', { n: 2, capacity: 20 })).toBe('2 / 20 signed up')
  })

  it('says relative times in whole units and never in the future', () => {
    const now = Date.UTC(2026, 10, 27, 8, 0)
    const earlier = (n: number) => new Date(now - n).toISOString()
    expect(ago(earlier(-5000), now)).toBe('刚刚')
    expect(ago(earlier(59_000), now)).toBe('刚刚')
    expect(ago(earlier(12 * 60_000), now)).toBe('12 分钟前')
    expect(ago(earlier(3 * 3_600_000), now)).toBe('3 小时前')
    expect(ago(earlier(2 * 86_400_000), now)).toBe('2 天前')
    expect(ago(null, now)).toBe('—')
    expect(duration(35)).toBe('35 分钟')
    expect(duration(60)).toBe('1 小时')
    expect(duration(95)).toBe('1 小时 35 分')
  })
})

describe('console routes', () => {
  it('reads the tab and the device from the hash, with the inbox as the default', () => {
    expect(parseHash('')).toEqual({ tab: 'alerts', sub: null })
    expect(parseHash('#devices/fridge%20med')).toEqual({ tab: 'devices', sub: 'fridge med' })
    expect(parseHash('#alerts/history')).toEqual({ tab: 'alerts', sub: 'history' })
    expect(parseHash('#nonsense/x')).toEqual({ tab: 'alerts', sub: null })
  })
})
