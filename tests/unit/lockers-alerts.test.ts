import { describe, expect, it } from 'vitest'
import { AlertEngine } from '../../server/alerts/engine.js'
import { MemoryAlertStore } from '../../server/alerts/memory-store.js'
import { alertTitle } from '../../server/alerts/title.js'
import type { Alert, AlertEvent } from '../../server/alerts/types.js'
import { systemClock } from '../../server/clock.js'

async function engine() {
  const events: [AlertEvent, Alert][] = []
  const e = new AlertEngine({
    clock: systemClock,
    store: new MemoryAlertStore(),
    emit: (ev, a) => events.push([ev, a]),
  })
  await e.start()
  return { e, events }
}

describe('the lockers’ alerts', () => {
  it('are raised at once with their severity, repeated as one, and cleared when the condition ends', async () => {
    const { e, events } = await engine()
    e.onLocker('locker-jam', 'L1', true, { subjectName: '1' })
    e.onLocker('locker-jam', 'L1', true, { subjectName: '1' })
    e.onLocker('locker-offline', 'cab:0', true, { subjectName: 'cab #0' })
    e.onLocker('locker-overdue', 'L2', true, { subjectName: '2' })
    expect(e.active().map((a) => [a.type, a.severity, a.count])).toEqual([
      ['locker-jam', 'major', 2],
      ['locker-offline', 'major', 1],
      ['locker-overdue', 'minor', 1],
    ])
    e.onLocker('locker-jam', 'L1', false, { subjectName: '1' })
    e.onLocker('locker-offline', 'cab:0', false, { subjectName: 'cab #0' })
    expect(e.active().map((a) => a.type)).toEqual(['locker-overdue'])
    expect(events.filter(([ev]) => ev === 'cleared').map(([, a]) => a.clearedBy)).toEqual(['auto', 'auto'])
  })

  it('a forced door is critical and ends only when a manager resolves it', async () => {
    const { e } = await engine()
    e.onLocker('locker-forced', 'L3', true, { subjectName: '3', context: { rented: 1 } })
    e.onLocker('locker-forced', 'L3', false, { subjectName: '3' })
    const [a] = e.active()
    expect(a).toMatchObject({ type: 'locker-forced', severity: 'critical', context: { rented: 1 } })
    e.resolve((a as Alert).id, 'li', '锁已换')
    expect(e.active()).toEqual([])
  })

  it('are titled by the number on the door, or the board', async () => {
    const { e } = await engine()
    e.onLocker('locker-door-open', 'L5', true, { subjectName: '5' })
    e.onLocker('locker-offline', 'cab:0', true, { subjectName: 'cab #0' })
    expect(e.active().map(alertTitle)).toEqual([
      { zh: '充电柜柜门未关：5 号柜', en: 'Locker door left open: locker 5' },
      { zh: '充电柜锁控板离线：cab #0', en: 'Lock board offline: cab #0' },
    ])
  })
})
