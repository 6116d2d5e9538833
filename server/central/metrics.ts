import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram } from 'prom-client'
import { counterFrom, gaugeFrom, metricsRoute, newRegistry } from '../metrics/registry.js'
import type { Central } from './app.js'
import type { Refusal } from './ingest/stats.js'

const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const

/**
 * The central service's /metrics (docs/district.md, "Metrics"): what this instance ingested (its rate is
 * Prometheus's rate() of the counter), refusals by reason, each batch's database time, and, from the
 * database (so every instance answers the same), stations registered and online, their backlog and the
 * district's open alerts. Read by a scraper with `metrics.token` of the district settings, or a logged-in
 * account; never from "localhost" alone, since a district's server usually sits behind a proxy on its own
 * machine, where every request would look local.
 */
export function centralMetrics(app: FastifyInstance, central: Central): void {
  const registry = newRegistry()
  const stats = central.ingest.stats
  const p = 'central_'
  counterFrom(
    registry,
    `${p}events_stored_total`,
    'Events stored by this instance (new; a re-sent one is not counted again)',
    () => stats.events,
  )
  counterFrom(registry, `${p}batches_total`, 'Event batches taken by this instance', () => stats.batches)
  counterFrom(
    registry,
    `${p}births_total`,
    'Births (a station connecting) taken by this instance',
    () => stats.births,
  )
  counterFrom(
    registry,
    `${p}ingest_failures_total`,
    'Batches the database refused (not acknowledged: the station sends them again)',
    () => stats.failures,
  )
  const last = new Map<string, number>()
  new Counter({
    name: `${p}refused_total`,
    help: 'Messages from the stations side refused, by reason (unknown or revoked station, bad login, bad payload, …)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      for (const [reason, n] of Object.entries(stats.refused) as [Refusal, number][]) {
        const grew = n - (last.get(reason) ?? 0)
        this.inc({ reason }, Math.max(grew, 0))
        last.set(reason, n)
      }
    },
  })
  const commits = new Histogram({
    name: `${p}ingest_commit_seconds`,
    help: "A batch's database transaction, from BEGIN to COMMIT (the station's ack waits on it)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const offCommitted = stats.onCommitted((s) => commits.observe(s))
  app.addHook('onClose', async () => {
    offCommitted()
  })
  // One query for the three station gauges of a scrape (they are collected one after the other).
  let read: { at: number; rows: Promise<{ registered: number; online: number; backlog: number }> } | null =
    null
  const stations = () => {
    if (read && Date.now() - read.at < 1000) return read.rows
    const rows = central.db
      .query<{ registered: number; online: number; backlog: number }>(
        `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS registered,
           count(*) FILTER (WHERE online AND revoked_at IS NULL)::int AS online,
           coalesce(sum(greatest(head - committed, 0)) FILTER (WHERE revoked_at IS NULL), 0)::bigint AS backlog
         FROM stations`,
      )
      .then((r) => r.rows[0] ?? { registered: 0, online: 0, backlog: 0 })
    read = { at: Date.now(), rows }
    rows.catch(() => {
      read = null
    })
    return rows
  }
  gaugeFrom(
    registry,
    `${p}stations_registered`,
    'Stations registered and not revoked',
    async () => (await stations()).registered,
  )
  gaugeFrom(registry, `${p}stations_online`, 'Stations connected now', async () => (await stations()).online)
  gaugeFrom(
    registry,
    `${p}stations_backlog_events`,
    'Events the stations hold that the district has not stored yet (sum of each head - committed, as last reported)',
    async () => Number((await stations()).backlog),
  )
  new Gauge({
    name: `${p}alerts_open`,
    help: "The district's open alerts (not cleared), by severity",
    labelNames: ['severity'],
    registers: [registry],
    async collect() {
      const { rows } = await central.db.query<{ severity: string; n: number }>(
        `SELECT severity, count(*)::int AS n FROM alerts WHERE state <> 'cleared' GROUP BY severity`,
      )
      for (const s of SEVERITIES) this.set({ severity: s }, rows.find((r) => r.severity === s)?.n ?? 0)
    },
  })
  metricsRoute(app, registry, { token: central.settings.metrics.token, fromLocalhost: false })
}
