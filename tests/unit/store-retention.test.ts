import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Clock, systemClock } from '../../server/clock.js'
import type { JournalEntry } from '../../server/store/journal.js'
import type { Store } from '../../server/store/store.js'
import { openTestStore } from '../support/store.js'

const DAY = 86_400_000
let dir: string
let now: number
const clock: Clock = { ...systemClock, now: () => now }

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redstation-retention-'))
  now = Date.parse('2026-01-10T02:00:00Z')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A store with small segments, a projection counting check-ins (so snapshots are written), and 60 of them. */
async function storeWith60(): Promise<{ store: Store; count: () => number }> {
  const store = await openTestStore(dir, { clock, journalSegmentBytes: 2048 })
  let n = 0
  store.project({
    name: 'count',
    version: 1,
    types: ['checkin'],
    apply: () => n++,
    save: () => n,
    load: (d) => {
      n = d as number
    },
  })
  await store.replay()
  for (let i = 0; i < 60; i++)
    await store.commit((tx) => {
      n++
      tx.append('checkin', {
        visitId: `v${i}`,
        phoneHash: 'a'.repeat(64),
        phoneMasked: '138****0000',
        platform: 'sf',
        purposes: ['rest'],
      })
    })
  return { store, count: () => n }
}

const segments = async () => (await readdir(join(dir, 'journal'))).filter((f) => f.endsWith('.jsonl')).sort()

describe('journal retention', () => {
  it('removes segments older than the retention once every cursor has passed them, keeping the figures', async () => {
    const { store, count } = await storeWith60()
    const cursor = store.cursor('webhook:a')
    await cursor.advance(store.journal.lastSeq)
    const before = await segments()
    expect(before.length).toBeGreaterThan(5)
    now += 401 * DAY
    const r = await store.maintain()
    expect(r.removed).toEqual(before.slice(0, -1))
    expect(await segments()).toEqual(before.slice(-1))
    await store.close()
    // The figures live on in the snapshot.
    const { store: again, count: again60 } = await (async () => {
      const s = await openTestStore(dir, { clock, journalSegmentBytes: 2048 })
      let n = 0
      s.project({
        name: 'count',
        version: 1,
        types: ['checkin'],
        apply: () => n++,
        save: () => n,
        load: (d) => {
          n = d as number
        },
      })
      await s.replay()
      return { store: s, count: () => n }
    })()
    expect(again60()).toBe(count())
    expect(again60()).toBe(60)
    await again.close()
  })

  it('keeps what a lagging cursor has not passed, and what is younger than the retention', async () => {
    const { store } = await storeWith60()
    const uplink = store.cursor('uplink')
    await uplink.advance(store.journal.lastSeq)
    const before = await segments()
    now += 10 * DAY // younger than store.journalRetentionDays (400)
    expect((await store.maintain()).removed).toEqual([])
    await uplink.advance(store.journal.lastSeq)
    const lagging = store.cursor('lagging')
    await lagging.advance(10)
    now += 401 * DAY
    const r = await store.maintain()
    // Only segments wholly before event 10 could go: the lagging cursor still needs the rest.
    expect(r.removed.length).toBeGreaterThan(0)
    for (const name of r.removed) expect(Number.parseInt(name, 10)).toBeLessThan(10)
    expect((await segments()).length).toBe(before.length - r.removed.length)
    await store.close()
  })

  it('rewrites events older than privacy.personalDataDays without the phone, keeping the figures', async () => {
    const { store } = await storeWith60()
    now += 91 * DAY
    const r = await store.maintain()
    expect(r.redacted).toBeGreaterThan(0)
    const entries: JournalEntry[] = []
    for await (const e of store.read()) entries.push(e)
    const sealed = entries.slice(0, r.redacted)
    for (const e of sealed) expect(e.data).toMatchObject({ phoneHash: '', phoneMasked: '', platform: 'sf' })
    expect(store.damage.unacknowledged()).toEqual([])
    await store.close()
  })
})
