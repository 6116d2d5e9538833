import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram } from 'prom-client'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { counterFrom, gaugeFrom, metricsRoute, newRegistry } from './registry.js'

const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const

/**
 * The station's /metrics (docs/district.md, "Metrics"): readings accepted and rejected, check-ins, the
 * uplink's backlog and lag, open alerts, the store's write latency, and Node's own (event-loop lag among
 * them). Registered after the features it reads; what it reads is read at each scrape, from the counts the
 * features keep, so it costs nothing between scrapes but one histogram observation per store write.
 */
async function stationMetrics(app: FastifyInstance, o: { config: Config; clock: Clock }): Promise<void> {
  const registry = newRegistry()
  const prefix = 'redstation_'
  counterFrom(
    registry,
    `${prefix}readings_accepted_total`,
    'Device messages accepted',
    () => app.sensors.stats.accepted,
  )
  counterFrom(
    registry,
    `${prefix}readings_rejected_total`,
    'Device messages rejected as invalid (a bad payload, a value out of range)',
    () => app.sensors.stats.rejected,
  )
  gaugeFrom(registry, `${prefix}devices_online`, 'Devices online now', () =>
    app.sensors.devices().reduce((n, d) => n + (d.online ? 1 : 0), 0),
  )
  const checkins = new Counter({
    name: `${prefix}checkins_total`,
    help: 'Check-ins counted (durable), since the hub started',
    registers: [registry],
  })
  const writes = new Histogram({
    name: `${prefix}store_write_seconds`,
    help: 'Time for a group of commits to become durable on disk (documents, then the journal), or to fail',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const failedWrites = new Counter({
    name: `${prefix}store_write_failures_total`,
    help: 'Commit groups the disk refused (full or failing): taken back, and the callers told',
    registers: [registry],
  })
  new Gauge({
    name: `${prefix}alerts_open`,
    help: 'Alerts open now (active or acknowledged, not cleared), by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      const open = app.alerts.active()
      for (const s of SEVERITIES) this.set({ severity: s }, open.filter((a) => a.severity === s).length)
    },
  })
  const uplink = app.uplink
  if (uplink) {
    const started = o.clock.now()
    gaugeFrom(registry, `${prefix}uplink_online`, '1 while the uplink to the district is online', () =>
      uplink.state === 'online' ? 1 : 0,
    )
    gaugeFrom(
      registry,
      `${prefix}uplink_backlog_events`,
      'Journal events the district has not acknowledged yet (on disk)',
      () => uplink.health().backlog,
    )
    gaugeFrom(
      registry,
      `${prefix}uplink_lag_seconds`,
      'While events wait: seconds since the district last acknowledged any (or since the hub started); 0 when none wait',
      () => {
        const h = uplink.health()
        if (h.backlog === 0) return 0
        const since = h.lastAckAt ? Date.parse(h.lastAckAt) : started
        return Math.max(0, (o.clock.now() - since) / 1000)
      },
    )
  }
  const offDurable = app.store.onDurable((entries) => {
    let n = 0
    for (const e of entries) if (e.type === 'checkin') n++
    if (n > 0) checkins.inc(n)
  })
  const offTimed = app.store.onWriteTimed((seconds, ok) => {
    writes.observe(seconds)
    if (!ok) failedWrites.inc()
  })
  app.addHook('onClose', async () => {
    offDurable()
    offTimed()
  })
  metricsRoute(app, registry, o.config.metrics)
}

export const metricsPlugin = fp(stationMetrics, { name: 'red-station-metrics' })
