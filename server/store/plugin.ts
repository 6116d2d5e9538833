import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import type { Low } from 'lowdb'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import type { SavedDevice } from '../sensors/registry.js'
import { openStateDb } from './durable-file.js'
import { History } from './history.js'
import { Journal } from './journal.js'

const MAINTENANCE_MS = 3_600_000

export interface StateData {
  version: 1
  /** Last known readings, so the kiosk shows something right after a restart. */
  devices: Record<string, SavedDevice>
}

export interface HubStore {
  dataDir: string
  /** Stops the hourly history maintenance. */
  stopMaintenance(): void
  journal: Journal
  history: History
  state: Low<StateData>
}

declare module 'fastify' {
  interface FastifyInstance {
    store: HubStore
  }
}

/** Opens the data folder: lowdb for small current state, the journal for events, history for readings. */
export const storePlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { store: s } = opts.config
    const dataDir = s.dataDir
    await mkdir(dataDir, { recursive: true })
    const state = await openStateDb<StateData>(join(dataDir, 'state.json'), { version: 1, devices: {} })
    const journal = await Journal.open(join(dataDir, 'journal'), {
      segmentBytes: s.journalSegmentBytes,
      clock: opts.clock,
    })
    const history = await History.open(join(dataDir, 'history'), {
      clock: opts.clock,
      retentionDays: s.historyRetentionDays,
      downsampleAfterDays: s.downsampleAfterDays,
      bucketSec: s.downsampleBucketSec,
      // One fsync per device file per flush: every 5 s keeps that affordable on an SD card with a hundred
      // devices. Readings are acknowledged to nobody; a power cut loses at most the last 5 s of history.
      flushMs: 5000,
      onFlushError: (err) => app.log.error({ err }, 'writing readings history failed; will retry'),
    })
    // Downsampling and retention: once at start (not awaited: start-up stays fast) and then every hour.
    const maintain = () => {
      history
        .maintain()
        .then((r) => (r.downsampled || r.deleted) && app.log.info(r, 'history maintenance'))
        .catch((err) => app.log.error({ err }, 'history maintenance failed'))
    }
    maintain()
    const timer = opts.clock.setInterval(maintain, MAINTENANCE_MS)
    const stopMaintenance = () => opts.clock.clearInterval(timer)
    app.decorate('store', { dataDir, journal, history, state, stopMaintenance })
    app.log.info({ dataDir, journalSeq: journal.lastSeq }, 'store opened')
  },
  { name: 'store' },
)

/** Closing comes last of all (see app.ts), after every feature has written what it holds. */
export async function closeStore(store: HubStore): Promise<void> {
  store.stopMaintenance()
  await store.history.close()
  await store.journal.close()
}
