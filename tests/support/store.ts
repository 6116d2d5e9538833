import { type Clock, systemClock } from '../../server/clock.js'
import { Store, type StoreOptions } from '../../server/store/store.js'
import { StationTime } from '../../server/time/station-time.js'

/** Log lines the store wrote, by level: tests assert what a person at the station would read. */
export interface CapturedLog {
  info: string[]
  warn: string[]
  error: string[]
}

/** A station store on `dataDir` as the hub opens it, with its log captured (quiet unless TEST_LOG is set). */
export async function openTestStore(
  dataDir: string,
  opts: Partial<StoreOptions> & { clock?: Clock } = {},
): Promise<Store & { log: CapturedLog }> {
  const log: CapturedLog = { info: [], warn: [], error: [] }
  const line = (level: keyof CapturedLog) => (obj: object, msg: string) => {
    log[level].push(msg)
    if (process.env.TEST_LOG) console.log(level, msg, obj)
  }
  const store = await Store.open({
    dataDir,
    clock: opts.clock ?? systemClock,
    log: { info: line('info'), warn: line('warn'), error: line('error') },
    journalSegmentBytes: 8 * 1024 * 1024,
    history: {
      time: new StationTime(),
      retentionDays: 365,
      downsampleAfterDays: 7,
      bucketSec: 300,
      flushMs: 5000,
    },
    retention: { journalDays: 400, personalDays: 90 },
    diskAlertPercent: 90,
    snapshotEvery: 10_000,
    ...opts,
  })
  return Object.assign(store, { log })
}
