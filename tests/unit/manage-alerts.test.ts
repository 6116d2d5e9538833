import { describe, expect, it } from 'vitest'
import {
  applyAlertEvent,
  isNewAlert,
  sortAlerts,
  unacknowledged,
} from '../../kiosk-ui/src/lib/manage-alerts.js'
import type { Alert } from '../../kiosk-ui/src/lib/manage-types.js'

const at = (min: number) => new Date(Date.UTC(2026, 10, 27, 8, min)).toISOString()

function alert(id: string, partial: Partial<Alert> = {}): Alert {
  return {
    id,
    key: `${id}:temperature-high`,
    subject: id,
    subjectName: id,
    type: 'temperature-high',
    severity: 'major',
    state: 'active',
    since: at(0),
    raisedAt: at(0),
    lastAt: at(0),
    count: 1,
    value: 9,
    peak: 9,
    ackBy: null,
    ackAt: null,
    clearedAt: null,
    clearedBy: null,
    note: null,
    context: {},
    title: { zh: id, en: id },
    ...partial,
  }
}

const ids = (list: Alert[]) => list.map((a) => a.id)

describe('alert inbox order', () => {
  it('puts critical before major before minor before warning, whatever the time', () => {
    const list = [
      alert('w', { severity: 'warning', raisedAt: at(50) }),
      alert('m', { severity: 'minor', raisedAt: at(40) }),
      alert('c', { severity: 'critical', raisedAt: at(1) }),
      alert('j', { severity: 'major', raisedAt: at(30) }),
    ]
    expect(ids(sortAlerts(list))).toEqual(['c', 'j', 'm', 'w'])
  })

  it('within a severity, shows unacknowledged first, then the newest first', () => {
    const list = [
      alert('old', { raisedAt: at(1) }),
      alert('acked-new', { raisedAt: at(30), state: 'acknowledged', ackBy: 'wang' }),
      alert('new', { raisedAt: at(20) }),
    ]
    expect(ids(sortAlerts(list))).toEqual(['new', 'old', 'acked-new'])
  })

  it('does not change the list it was given', () => {
    const list = [alert('b', { severity: 'warning' }), alert('a', { severity: 'critical' })]
    sortAlerts(list)
    expect(ids(list)).toEqual(['b', 'a'])
  })

  it('counts only the alerts nobody has acknowledged for the badge', () => {
    expect(unacknowledged([alert('a'), alert('b', { state: 'acknowledged' }), alert('c')])).toBe(2)
  })
})

describe('applying live alert events', () => {
  const open = [alert('a', { severity: 'minor' }), alert('b', { severity: 'warning' })]

  it('adds a raised alert in its place by severity and says it is news', () => {
    const event = {
      event: 'raised',
      alert: alert('c', { severity: 'critical', raisedAt: at(5), lastAt: at(5) }),
    } as const
    expect(isNewAlert(open, event)).toBe(true)
    expect(ids(applyAlertEvent(open, event))).toEqual(['c', 'a', 'b'])
  })

  it('replaces an updated alert (a repeat) without sounding again', () => {
    const event = {
      event: 'updated',
      alert: alert('a', { severity: 'minor', count: 3, lastAt: at(9) }),
    } as const
    expect(isNewAlert(open, event)).toBe(false)
    const next = applyAlertEvent(open, event)
    expect(next.find((a) => a.id === 'a')?.count).toBe(3)
    expect(next).toHaveLength(2)
  })

  it('marks an acknowledged alert and keeps it in the list', () => {
    const next = applyAlertEvent(open, {
      event: 'acknowledged',
      alert: alert('b', { severity: 'warning', state: 'acknowledged', ackBy: 'wang', lastAt: at(1) }),
    })
    expect(next.find((a) => a.id === 'b')).toMatchObject({ state: 'acknowledged', ackBy: 'wang' })
  })

  it('takes a cleared alert out', () => {
    const next = applyAlertEvent(open, { event: 'cleared', alert: alert('a', { state: 'cleared' }) })
    expect(ids(next)).toEqual(['b'])
  })

  it('ignores an event older than the copy it holds (events crossing a REST answer)', () => {
    const held = [alert('a', { state: 'acknowledged', ackBy: 'wang', lastAt: at(10) })]
    const stale = { event: 'updated', alert: alert('a', { state: 'active', lastAt: at(5) }) } as const
    expect(applyAlertEvent(held, stale)[0]?.state).toBe('acknowledged')
  })

  it('does not bring back a cleared alert when a late acknowledgement arrives', () => {
    const afterClear = applyAlertEvent(open, { event: 'cleared', alert: alert('a', { state: 'cleared' }) })
    const late = applyAlertEvent(afterClear, { event: 'raised', alert: alert('a', { state: 'cleared' }) })
    expect(ids(late)).toEqual(['b'])
  })
})
