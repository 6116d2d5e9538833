/**
 * A station's backlog drains at the district's pace, not the disk's (issue 11, the backlog-drain bench):
 * the uplink cuts its batches from a page of the journal read once, instead of reading the journal (which
 * parses the whole segment a read starts in) again for every batch of 500. Before, a day's backlog of
 * 20,000 events took 19 s to drain and the station's check-ins waited 14× longer meanwhile.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeYear } from '../bench/year-of-data.js'
import { startTestCentral, type TestCentral, until } from '../support/central.js'
import { getJson, startTestHub, type TestHub } from '../support/hub.js'

const ID = 'st-backlog'
const PASSWORD = 'password-backlog-0123456789'
const EVENTS = 5000

let central: TestCentral
let t: TestHub
let dataDir: string
beforeAll(async () => {
  central = await startTestCentral({})
  await central.app.central.registry.add({ id: ID, name: '积压驿站' }, PASSWORD)
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-uplink-backlog-'))
  // The backlog: check-ins journaled before the station first starts, so its uplink cursor is before them.
  await writeYear(dataDir, { checkins: EVENTS, signups: 0, other: 0 }, { days: 1, endsAgoMs: 0 })
}, 60_000)
afterAll(async () => {
  await t?.close()
  await central?.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('a station with a backlog', () => {
  it('sends it all, exactly once, reading the journal from the disk once per page rather than per batch', {
    timeout: 60_000,
  }, async () => {
    t = await startTestHub(
      {
        station: { id: ID, name: '积压驿站' },
        uplink: { url: central.app.central.brokerUrl, password: PASSWORD },
      },
      { dataDir },
    )
    const store = t.hub.store
    const read = store.read.bind(store)
    let reads = 0
    store.read = (from?: number) => {
      reads++
      return read(from)
    }
    await until(
      async () => {
        const h = (await getJson<{ uplink: { state: string; backlog: number } }>(`${t.url}/api/health`)).body
          .uplink
        return h.state === 'online' && h.backlog === 0
      },
      45_000,
      'the backlog to drain',
    )
    expect(central.app.central.ingest.stats.events).toBe(EVENTS)
    // 5,000 entries are 10 batches of 500: one page read, and one more that finds the end.
    expect(reads).toBeLessThanOrEqual(3)
  })
})
