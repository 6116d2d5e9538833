import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Alert, AlertEvent } from '../../server/alerts/types.js'
import { systemClock } from '../../server/clock.js'
import { AlertUpdatePacer } from '../../server/live/alert-updates.js'

/** Just the fields these tests look at; the pacer passes the alert through untouched. */
const alert = (id: string, value: number, state: Alert['state'] = 'active') => ({ id, value, state }) as Alert

let sent: Array<[AlertEvent, string, number | null]>
let pacer: AlertUpdatePacer
beforeEach(() => {
  vi.useFakeTimers()
  sent = []
  pacer = new AlertUpdatePacer(systemClock, (event, a) => sent.push([event, a.id, a.value]), 5000)
})
afterEach(() => {
  pacer.close()
  vi.useRealTimers()
})

describe('alert updates on the managers’ screens', () => {
  it('sends the first update at once, then the newest of each 5 s, so the screen ends on the latest value', () => {
    pacer.event('raised', alert('a', 6))
    pacer.event('updated', alert('a', 6.5))
    expect(sent).toEqual([
      ['raised', 'a', 6],
      ['updated', 'a', 6.5],
    ])
    for (const v of [7, 7.5, 8]) {
      vi.advanceTimersByTime(1000)
      pacer.event('updated', alert('a', v))
    }
    expect(sent).toHaveLength(2) // one every second from the sensor: none of them yet
    vi.advanceTimersByTime(1999)
    expect(sent).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(sent.at(-1)).toEqual(['updated', 'a', 8]) // 5 s after the first, the newest only
    expect(sent).toHaveLength(3)
    vi.advanceTimersByTime(60_000)
    expect(sent).toHaveLength(3) // nothing new, nothing sent
    pacer.event('updated', alert('a', 9))
    expect(sent.at(-1)).toEqual(['updated', 'a', 9]) // quiet for 5 s or more: at once again
  })

  it('paces each alert on its own', () => {
    pacer.event('updated', alert('a', 1))
    pacer.event('updated', alert('b', 1))
    pacer.event('updated', alert('a', 2))
    expect(sent).toEqual([
      ['updated', 'a', 1],
      ['updated', 'b', 1],
    ])
    vi.advanceTimersByTime(5000)
    expect(sent.at(-1)).toEqual(['updated', 'a', 2])
  })

  it('sends acknowledged and cleared at once, and never a waiting update after them', () => {
    pacer.event('updated', alert('a', 7))
    pacer.event('updated', alert('a', 7.5))
    pacer.event('acknowledged', alert('a', 7.5, 'acknowledged'))
    expect(sent.at(-1)).toEqual(['acknowledged', 'a', 7.5])
    pacer.event('updated', alert('a', 6)) // still within 5 s of the first update: waits
    pacer.event('cleared', alert('a', 4, 'cleared'))
    vi.advanceTimersByTime(10_000)
    expect(sent.map(([event]) => event)).toEqual(['updated', 'acknowledged', 'cleared'])
  })

  it('close drops what is waiting', () => {
    pacer.event('updated', alert('a', 1))
    pacer.event('updated', alert('a', 2))
    pacer.close()
    vi.advanceTimersByTime(10_000)
    expect(sent).toHaveLength(1)
  })
})
