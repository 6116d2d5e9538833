/**
 * A journal follower asked again from inside a page it has already returned (a consumer that sent only part
 * of it: the uplink cuts batches of 500 from a page) gets the rest, whether that page was read from the
 * disk or from what committed since. Before, a page that reached the end of the journal switched the
 * follower to following live with an empty queue, and the entries of that page the consumer had not used
 * yet were never given again: a station's last backlog batches waited for the next event to be journaled.
 */
import { describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { type FollowedStore, JournalFollower } from '../../server/store/follower.js'
import type { JournalEntry } from '../../server/store/journal.js'

/** The journal on "disk": entries 1..n; `commit` adds one and tells the listeners, as the store does. */
function journal(n: number) {
  const entries: JournalEntry[] = []
  const listeners = new Set<(e: JournalEntry[]) => void>()
  const add = () => {
    const seq = entries.length + 1
    const e = { seq, ts: new Date(seq * 1000).toISOString(), type: 'checkin', data: {} } as JournalEntry
    entries.push(e)
    return e
  }
  for (let i = 0; i < n; i++) add()
  const store: FollowedStore = {
    async *read(from = 1) {
      for (const e of entries.slice()) if (e.seq >= from) yield e
    },
    onDurable(l) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
  return {
    store,
    commit() {
      const e = add()
      for (const l of listeners) l([e])
    },
  }
}

const seqs = (es: JournalEntry[]) => es.map((e) => e.seq)

describe('a journal follower', () => {
  it('gives the rest of a page read to the end of the journal when asked from inside it', async () => {
    const j = journal(10)
    const f = new JournalFollower(j.store, systemClock)
    expect(seqs(await f.page(0, 100))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    // The consumer used 1..4 only.
    expect(seqs(await f.page(4, 100))).toEqual([5, 6, 7, 8, 9, 10])
    expect(await f.page(10, 100)).toEqual([])
    f.close()
  })

  it('gives the rest of what committed live when asked from inside it, and what commits next', async () => {
    const j = journal(2)
    const f = new JournalFollower(j.store, systemClock)
    expect(seqs(await f.page(0, 100))).toEqual([1, 2])
    for (let i = 0; i < 3; i++) j.commit()
    expect(seqs(await f.page(2, 100))).toEqual([3, 4, 5])
    expect(seqs(await f.page(3, 100))).toEqual([4, 5])
    j.commit()
    expect(seqs(await f.page(5, 100))).toEqual([6])
    f.close()
  })
})
