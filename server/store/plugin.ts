import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { Store } from './store.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
  }
}

/**
 * Opens the data folder (store/store.ts). Registered before every feature: its onReady hook (restoring the
 * projections every feature registered) runs before theirs, and its onClose (snapshot, then closing the
 * files) after theirs, since Fastify runs onClose hooks in reverse order of registration.
 */
export const storePlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const s = opts.config.store
    const store = await Store.open({
      dataDir: s.dataDir,
      clock: opts.clock,
      log: app.log,
      journalSegmentBytes: s.journalSegmentBytes,
      history: {
        time: app.time,
        retentionDays: s.historyRetentionDays,
        downsampleAfterDays: s.downsampleAfterDays,
        bucketSec: s.downsampleBucketSec,
        // One fsync per device file per flush: every 5 s keeps that affordable on an SD card with a hundred
        // devices. Readings are acknowledged to nobody; a power cut loses at most the last 5 s of history.
        flushMs: 5000,
      },
      retention: { journalDays: s.journalRetentionDays, personalDays: opts.config.privacy.personalDataDays },
      diskAlertPercent: s.diskAlertPercent,
      snapshotEvery: s.snapshotEvery,
      onDamage: (damage, first) => app.bus.emit('store.damage', { damage, first }),
      onDisk: (disk) => app.bus.emit('store.disk', disk),
    })
    app.decorate('store', store)
    // Downsampling and retention of readings: once at start (not awaited: start-up stays fast), then hourly.
    const maintainHistory = () => {
      store.history
        .maintain()
        .then((r) => (r.downsampled || r.deleted) && app.log.info(r, 'history maintenance'))
        .catch((err) => app.log.error({ err }, 'history maintenance failed'))
    }
    const timer = opts.clock.setInterval(maintainHistory, 3_600_000)
    app.addHook('onReady', async () => {
      await store.replay()
      await store.start()
      maintainHistory()
    })
    app.addHook('onClose', async () => {
      opts.clock.clearInterval(timer)
      await store.close()
    })
  },
  { name: 'store' },
)
