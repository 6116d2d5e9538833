import { describe, expect, it } from 'vitest'
import { alertTitle } from '../../server/alerts/title.js'
import type { Alert } from '../../server/alerts/types.js'

const base: Alert = {
  id: 'a',
  key: 'fridge:temperature-high',
  subject: 'fridge',
  subjectName: '药品冰箱',
  type: 'temperature-high',
  severity: 'critical',
  state: 'active',
  since: '2026-11-27T08:00:00.000Z',
  raisedAt: '2026-11-27T08:10:00.000Z',
  lastAt: '2026-11-27T08:10:00.000Z',
  count: 1,
  value: 9.14,
  peak: 9.14,
  ackBy: null,
  ackAt: null,
  clearedAt: null,
  clearedBy: null,
  note: null,
  context: { limit: 8, profile: 'medicine' },
}

describe('alert titles', () => {
  it('names the problem, the subject and the worst value, in Chinese and English', () => {
    expect(alertTitle(base)).toEqual({
      zh: '温度过高：药品冰箱（最高 9.1 °C）',
      en: 'Too warm: 药品冰箱 (peak 9.1 °C)',
    })
    expect(alertTitle({ ...base, type: 'stock-low', subjectName: '布洛芬', value: 2, peak: 2 })).toEqual({
      zh: '库存不足：布洛芬（最少剩 2）',
      en: 'Stock low: 布洛芬 (down to 2)',
    })
    expect(alertTitle({ ...base, type: 'door-open', subjectName: '储物柜门', value: null })).toEqual({
      zh: '门未关：储物柜门',
      en: 'Door left open: 储物柜门',
    })
  })

  it('keeps the worst value while the latest recovers: an open fridge at 3.3 °C, a cleared stock at 19', () => {
    // Issue 10.6: "温度过高：冰箱温度（3.3 °C）" and "库存不足：创可贴（剩 3）" while the value was 19.
    expect(alertTitle({ ...base, subjectName: '冰箱温度', value: 3.3, peak: 9.6 }).zh).toBe(
      '温度过高：冰箱温度（最高 9.6 °C）',
    )
    const stock = { ...base, type: 'stock-low' as const, subjectName: '创可贴', value: 19, peak: 3 }
    expect(alertTitle({ ...stock, state: 'cleared' }).zh).toBe('库存不足：创可贴（最少剩 3）')
    expect(alertTitle({ ...stock, state: 'active' }).zh).toBe('库存不足：创可贴（最少剩 3）')
    expect(alertTitle({ ...base, type: 'temperature-low', value: 3, peak: 0.4 })).toEqual({
      zh: '温度过低：药品冰箱（最低 0.4 °C）',
      en: 'Too cold: 药品冰箱 (lowest 0.4 °C)',
    })
    expect(alertTitle({ ...base, type: 'battery-low', subjectName: '冰箱门', value: 30, peak: 9 }).zh).toBe(
      '电量低：冰箱门（最低 9%）',
    )
  })

  it('gives a help request its reason in words', () => {
    expect(alertTitle({ ...base, type: 'help', subjectName: 'injured', value: null, peak: null })).toEqual({
      zh: '骑手求助：受伤',
      en: 'Courier needs help: injured',
    })
  })
})
