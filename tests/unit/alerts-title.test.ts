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
  it('names the problem, the subject and the value, in Chinese and English', () => {
    expect(alertTitle(base)).toEqual({
      zh: '温度过高：药品冰箱（9.1 °C）',
      en: 'Too warm: 药品冰箱 (9.1 °C)',
    })
    expect(alertTitle({ ...base, type: 'stock-low', subjectName: '布洛芬', value: 2 })).toEqual({
      zh: '库存不足：布洛芬（剩 2）',
      en: 'Stock low: 布洛芬 (2 left)',
    })
    expect(alertTitle({ ...base, type: 'door-open', subjectName: '储物柜门', value: null })).toEqual({
      zh: '门未关：储物柜门',
      en: 'Door left open: 储物柜门',
    })
  })

  it('gives a help request its reason in words', () => {
    expect(alertTitle({ ...base, type: 'help', subjectName: 'injured', value: null })).toEqual({
      zh: '骑手求助：受伤',
      en: 'Courier needs help: injured',
    })
  })
})
