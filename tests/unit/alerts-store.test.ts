import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemoryAlertStore } from '../../server/alerts/memory-store.js'
import { type AlertStore, DurableAlertStore } from '../../server/alerts/store.js'
import type { Alert } from '../../server/alerts/types.js'
import { systemClock } from '../../server/clock.js'
import type { Store } from '../../server/store/store.js'
import { StationTime } from '../../server/time/station-time.js'
import { openTestStore } from '../support/store.js'

const alert = (id: string, raisedAt: string, patch: Partial<Alert> = {}): Alert => ({
  id,
  key: `${id}:door-open`,
  subject: id,
  subjectName: id,
  type: 'door-open',
  severity: 'major',
  state: 'active',
  since: raisedAt,
  raisedAt,
  lastAt: raisedAt,
  count: 1,
  value: null,
  peak: null,
  ackBy: null,
  ackAt: null,
  clearedAt: null,
  clearedBy: null,
  note: null,
  context: {},
  ...patch,
})

interface Harness {
  /** A store as a fresh process would open it. */
  open(): Promise<AlertStore>
  close(): Promise<void>
}

let dir: string
const stores: Store[] = []

const implementations: [string, () => Harness][] = [
  [
    'MemoryAlertStore',
    () => {
      const store = new MemoryAlertStore()
      return { open: async () => store, close: async () => {} }
    },
  ],
  [
    'DurableAlertStore',
    () => ({
      open: async () => {
        const store = await openTestStore(dir)
        stores.push(store)
        return new DurableAlertStore({ store, clock: systemClock, time: new StationTime() })
      },
      close: async () => {
        for (const s of stores.splice(0)) await s.close()
      },
    }),
  ],
]

// The same contract for every AlertStore (as MQTT.js's abstractStoreTest does for its stores).
describe.each(implementations)('%s', (_name, build) => {
  let h: Harness
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alerts-store-'))
    h = build()
  })
  afterEach(async () => {
    await h.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('starts empty and keeps what was changed across a reopen', async () => {
    const store = await h.open()
    const data = await store.load()
    expect(data).toMatchObject({ version: 1, alerts: {}, pending: {}, resolvedHelp: [] })
    data.alerts.a = alert('a', '2026-11-27T08:00:00.000Z')
    data.pending['b:door-open'] = {
      subject: 'b',
      type: 'door-open',
      subjectName: 'b',
      phase: 'raise',
      since: '2026-11-27T08:01:00.000Z',
      value: null,
      peak: null,
    }
    store.changed(false)
    await store.flush()
    await h.close()
    const again = await (await h.open()).load()
    expect(Object.keys(again.alerts)).toEqual(['a'])
    expect(again.pending['b:door-open']?.since).toBe('2026-11-27T08:01:00.000Z')
  })

  it('history: the latest state of each alert raised in range, newest first, open ones on top', async () => {
    const store = await h.open()
    const data = await store.load()
    const a = alert('a', '2026-11-25T08:00:00.000Z')
    store.record('raised', a)
    store.record('cleared', { ...a, state: 'cleared', clearedBy: 'auto', count: 3 })
    const b = alert('b', '2026-11-26T08:00:00.000Z')
    store.record('raised', b)
    const c = alert('c', '2026-11-27T08:00:00.000Z')
    store.record('raised', c)
    data.alerts.c = { ...c, count: 9 } // a repeat: in the state, not in the journal
    store.changed(true)
    await store.flush()
    const all = await store.history()
    expect(all.map((x) => [x.id, x.state, x.count])).toEqual([
      ['c', 'active', 9],
      ['b', 'active', 1],
      ['a', 'cleared', 3],
    ])
    const from = Date.parse('2026-11-26T00:00:00Z')
    const to = Date.parse('2026-11-26T23:59:59Z')
    expect((await store.history({ from })).map((x) => x.id)).toEqual(['c', 'b'])
    expect((await store.history({ from, to })).map((x) => x.id)).toEqual(['b'])
    expect((await store.history({ limit: 1 })).map((x) => x.id)).toEqual(['c'])
  })
})
