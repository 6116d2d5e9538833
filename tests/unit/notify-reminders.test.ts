import { describe, expect, it } from 'vitest'
import type { Alert } from '../../server/alerts/types.js'
import { alertNotification } from '../../server/notify/message.js'
import { dueNotifications, type ReminderState } from '../../server/notify/reminders.js'
import { StationTime } from '../../server/time/station-time.js'

const T0 = Date.parse('2026-11-27T08:00:00Z')
const min = (n: number) => T0 + n * 60_000
const alert = (over: Partial<Alert> = {}): Alert =>
  ({
    id: 'a1',
    key: 'fridge:temperature-high',
    subject: 'fridge',
    subjectName: '冰箱温度',
    type: 'temperature-high',
    severity: 'major',
    state: 'active',
    since: new Date(min(-30)).toISOString(),
    raisedAt: new Date(T0).toISOString(),
    lastAt: new Date(T0).toISOString(),
    count: 1,
    value: 6.2,
    peak: 6.2,
    ackBy: null,
    ackAt: null,
    clearedAt: null,
    clearedBy: null,
    note: null,
    context: {},
    ...over,
  }) as Alert

const policy = { reminderMin: 15, escalateAfterMin: 30 }

describe('reminders and escalation', () => {
  it('reminds every 15 minutes while unacknowledged, and escalates once after 30', () => {
    const state: ReminderState = { reminded: {}, escalated: [] }
    const kinds = (t: number) => dueNotifications([alert()], state, policy, t).map((d) => d.kind)
    expect(kinds(min(14))).toEqual([])
    expect(kinds(min(15))).toEqual(['alert.reminder'])
    expect(kinds(min(16))).toEqual([])
    expect(kinds(min(30))).toEqual(['alert.reminder', 'alert.escalated'])
    expect(kinds(min(45))).toEqual(['alert.reminder'])
  })

  it('sends one reminder, not a burst, for the ones missed while the hub was down', () => {
    const state: ReminderState = { reminded: {}, escalated: [] }
    expect(
      dueNotifications([alert()], state, { reminderMin: 15, escalateAfterMin: 0 }, min(61)),
    ).toHaveLength(1)
  })

  it('stops once the alert is acknowledged, and forgets cleared alerts', () => {
    const state: ReminderState = { reminded: { a1: 1, gone: 3 }, escalated: ['gone'] }
    expect(dueNotifications([alert({ state: 'acknowledged' })], state, policy, min(50))).toEqual([])
    expect(state).toEqual({ reminded: { a1: 1 }, escalated: [] })
  })
})

describe('the message', () => {
  const station = { id: 's', name: '驿站' }
  const time = new StationTime('Asia/Shanghai')

  it('says what, where, since when, how bad at worst and now, in Chinese, with China time', () => {
    const n = alertNotification(alert({ count: 3, peak: 7.1 }), 'alert.escalated', station, T0, time)
    expect(n.title).toBe('温度过高：冰箱温度（最高 7.1 °C）')
    expect(n.lines).toEqual([
      '对象：冰箱温度',
      '开始：2026-11-27 15:30',
      '现在：6.2 °C',
      '状态：未处理，3 次读数超标',
      '站长尚未确认，请社区工作人员跟进。',
    ])
  })

  it('words every line a person reads: a help request says its reason in Chinese, never "unwell"', () => {
    // Issue 10.7: the help webhook said "对象：unwell".
    for (const [reason, words] of [
      ['unwell', '身体不适'],
      ['injured', '受伤'],
      ['phone-dead', '手机没电'],
      ['other', '其他'],
    ]) {
      const help = alert({
        type: 'help',
        subject: 'h1',
        subjectName: reason,
        severity: 'critical',
        value: null,
        peak: null,
        context: { phoneMasked: null },
      })
      const n = alertNotification(help, 'alert.raised', station, T0, time)
      expect(n.lines[0]).toBe(`求助原因：${words}`)
      expect(n.lines.join('\n')).not.toMatch(/[a-z]{3,}/)
      expect(n.lines).toContain('联系电话：未留')
    }
  })

  it('gives the number a courier left in full while the hub keeps it, and masked once it is gone', () => {
    const help = alert({
      type: 'help',
      subject: 'h1',
      subjectName: 'injured',
      severity: 'critical',
      value: null,
      peak: null,
      context: { phoneMasked: '138****1234' },
    })
    const kept = alertNotification(help, 'alert.raised', station, T0, time, { phone: '13812341234' })
    expect(kept.lines).toContain('联系电话：13812341234')
    expect(kept.alert).toMatchObject({ phone: '13812341234', title: { zh: '骑手求助：受伤' } })
    const gone = alertNotification(help, 'alert.cleared', station, T0, time)
    expect(gone.lines).toContain('联系电话：138****1234')
    expect(gone.alert).not.toHaveProperty('phone')
  })
})
