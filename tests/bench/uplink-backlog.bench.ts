/**
 * Backlog drain (issue 11): a station cut off from its district for 24 hours of a busy day delivers its whole
 * backlog in at most 60 s after the link returns (≥ 1,440× real time), while serving check-ins.
 *
 *   npx tsx tests/bench/uplink-backlog.bench.ts
 *     BENCH_BACKLOG_CHECKINS=5000 check-ins and BENCH_BACKLOG_OTHER=15000 other events in the day,
 *     BENCH_BACKLOG_RATE=100 check-ins a second of load while it drains (and in the idle phase before)
 *
 * The district as deployed: Mosquitto (deploy/mosquitto/district.conf, TLS, ACL), PostgreSQL (a throwaway
 * cluster) and the central service as its own process (`npm run central -- --db … --mqtt …`). The station
 * is the built hub (`node dist/server/main.js --config …`), its own process, with the uplink configured.
 *
 * How the backlog is made: the day is written through the store, as tests/bench/year-of-data.ts writes a
 * year (the year's mix: check-ins, sign-ups and their screenings, device states, devices coming and going,
 * alerts raised and cleared, take-outs), spread over the last 24 hours, before the station first starts:
 * its uplink cursor is then before all of it. Why not drive the day through the station: what makes up most
 * of a day (a device's state every few minutes, alerts over hours) is paced by the station's clock, so it
 * cannot be sped up through the front door; and a day of check-ins at any rate is the same journal entries
 * the store writes. The station then runs cut off (its link down, its uplink retrying) while a paced load of
 * check-ins over HTTP adds to the backlog through the front door, and times its answers with the uplink
 * idle: the peer of the drain's figures.
 *
 * The link: a TCP relay in this process between the station and the district broker. The district itself
 * stays up, as it does when one station's line is cut; the broker and central are not stopped, because the
 * central service needs its broker to start and a broker back before central has subscribed drops what a
 * station sends first (no subscriber, clean sessions), which would time an ack timeout, not the drain.
 * Timed from the relay listening again to the district's database having committed the last event the
 * station held at that instant (stations.committed, polled every 100 ms), so it includes the station's
 * reconnect wait (mqtt.js retries every 3 s) and its birth. The same paced check-ins run throughout.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../server/central/db/open.js'
import { Registry, SERVICE_LOGIN } from '../../server/central/registry.js'
import { startDistrictBroker } from '../support/district.js'
import { startPostgres } from '../support/postgres.js'
import { procStats, spawnCentral } from './central-lib.js'
import { buildServer, type Metric, monoMs, percentile, printBench, round, sleep, verdict } from './lib.js'
import { linkRelay, pacedCheckins, spawnStation, stationConfig, uplinkHealth } from './station-lib.js'
import { writeYear } from './year-of-data.js'

const CHECKINS = Number(process.env.BENCH_BACKLOG_CHECKINS ?? 5000)
const OTHER = Number(process.env.BENCH_BACKLOG_OTHER ?? 15_000)
const RATE = Number(process.env.BENCH_BACKLOG_RATE ?? 100)
const IDLE_SEC = 15
const WARMUP_SEC = 5
const MAX_DRAIN_SEC = 300
const GOAL_SEC = '<= 60'
const GOAL_X = '>= 1440'
const ID = 'st-backlog'
const SERVICE_PASSWORD = 'bench-service-password-01234'
const STATION_PASSWORD = 'bench-station-password-0123456'

await buildServer()
const root = await mkdtemp(join(tmpdir(), 'rsh-bench-backlog-'))
await writeFile(join(root, 'service-password'), SERVICE_PASSWORD)
const pg = await startPostgres()
const district = await startDistrictBroker({ [SERVICE_LOGIN]: SERVICE_PASSWORD, [ID]: STATION_PASSWORD })
const dbUrl = await pg.database()
const db = await openDatabase({ url: dbUrl, dataDir: null })
const link = await linkRelay(district.broker.port)
const cleanups: Array<() => Promise<void>> = []
const committed = async () =>
  Number(
    (await db.query<{ c: string }>('SELECT committed AS c FROM stations WHERE id = $1', [ID])).rows[0]?.c ??
      0,
  )

try {
  const registry = await Registry.open(db, 0)
  await registry.add({ id: ID, name: '基准驿站' }, STATION_PASSWORD)
  registry.close()
  const central = await spawnCentral([
    '--db',
    dbUrl,
    '--mqtt',
    district.url,
    '--mqtt-ca',
    district.certs.ca,
    '--mqtt-password-file',
    join(root, 'service-password'),
    '--no-demo',
    '--data-dir',
    join(root, 'central'),
  ])
  cleanups.push(() => central.stop())

  // The day, before the station first starts: its uplink cursor is before all of it.
  const config = await stationConfig(root, 'station', {
    id: ID,
    uplink: {
      url: `mqtts://127.0.0.1:${link.port}`,
      password: STATION_PASSWORD,
      ca: district.certs.ca,
    },
  })
  const dataDir = join(root, 'station-data')
  const t0Write = monoMs()
  const written = await writeYear(
    dataDir,
    { checkins: CHECKINS, signups: CHECKINS / 50, other: OTHER },
    {
      days: 1,
      endsAgoMs: 0,
    },
  )
  console.log(
    `the day: ${written} events written through the store (${round((monoMs() - t0Write) / 1000, 1)} s)`,
  )

  const station = await spawnStation(config)
  cleanups.unshift(() => station.stop())
  const cut = await uplinkHealth(station.url)
  console.log(`station up, cut off: uplink ${cut.state}, backlog ${cut.backlog}`)
  if (cut.state === 'online') throw new Error('the station is online with its link down')

  // The peer: the same paced check-ins with the uplink idle (its link down); they join the backlog. The
  // first seconds after a start are untimed (V8 still optimising, the start's own work finishing).
  const warm = await pacedCheckins(station.url, { perSec: RATE, maxSec: WARMUP_SEC, phoneBase: 20_000_000 })
  const idle = await pacedCheckins(station.url, { perSec: RATE, maxSec: IDLE_SEC, phoneBase: 0 })
  await sleep(500)
  const before = await uplinkHealth(station.url)
  const head = before.cursor + before.backlog
  const rssCut = procStats(station.pid).rssMb
  console.log(
    `idle phase: ${idle.latencies.length} check-ins (${idle.failed} failed); backlog now ${before.backlog} events, head ${head}`,
  )

  // The link returns.
  let done = false
  let online: number | null = null
  let rssMax = rssCut
  const drainLoad = pacedCheckins(station.url, {
    perSec: RATE,
    maxSec: MAX_DRAIN_SEC,
    phoneBase: 10_000_000,
    stop: () => done,
  })
  const t0 = monoMs()
  await link.up()
  let seconds = Number.NaN
  while (monoMs() - t0 < MAX_DRAIN_SEC * 1000) {
    if ((await committed()) >= head) {
      seconds = (monoMs() - t0) / 1000
      break
    }
    if (online === null && (await uplinkHealth(station.url)).state === 'online') online = monoMs() - t0
    rssMax = Math.max(rssMax, procStats(station.pid).rssMb)
    await sleep(100)
  }
  done = true
  const drain = await drainLoad
  const after = await uplinkHealth(station.url)
  const stored = Number(
    (
      await db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE station_id = $1 AND seq <= $2', [
        ID,
        head,
      ])
    ).rows[0]?.n ?? 0,
  )
  if (!Number.isFinite(seconds))
    throw new Error(`not drained in ${MAX_DRAIN_SEC} s: committed ${await committed()} of ${head}`)

  const p = (r: { latencies: number[] }, q: number) => round(percentile(r.latencies, q), 1)
  const times = round(86_400 / seconds, 0)
  console.log(
    `drained ${before.backlog} journal entries (${stored} events went up; the rest stay at the station) in ${round(seconds, 2)} s: ${times}× real time`,
  )
  console.log(
    `  the station was online ${round((online ?? Number.NaN) / 1000, 2)} s after the link returned; ${after.resent} batches resent`,
  )
  console.log(`  goal ${GOAL_SEC} s: ${verdict(seconds, GOAL_SEC)}`)
  console.log(
    `check-ins at ${RATE}/s: idle uplink p50 ${p(idle, 0.5)} ms p99 ${p(idle, 0.99)} ms (${idle.latencies.length}); ` +
      `draining p50 ${p(drain, 0.5)} ms p99 ${p(drain, 0.99)} ms (${drain.latencies.length}, ${drain.failed} failed)`,
  )
  console.log(`station RSS: ${round(rssCut, 1)} MB cut off, ${round(rssMax, 1)} MB at most while draining`)
  const load = `paced check-ins at ${RATE}/s over HTTP`
  const metrics: Metric[] = [
    {
      metric: 'backlog: journal entries held when the link returned',
      value: before.backlog,
      unit: 'entries',
      note: `a day of ${written} written through the store (${CHECKINS} check-ins, the year's mix) + ${warm.latencies.length + idle.latencies.length} check-ins over HTTP while cut off; ${stored} of them go up`,
    },
    {
      metric: 'backlog drain: link back → last event committed',
      value: round(seconds, 2),
      unit: 's',
      goal: GOAL_SEC,
      note: `Mosquitto (TLS) + PostgreSQL + central, one station; online after ${round((online ?? Number.NaN) / 1000, 1)} s (reconnect wait + birth); ${load}`,
    },
    {
      metric: 'backlog drain: × real time',
      value: times,
      unit: '×',
      goal: GOAL_X,
      note: '24 h of events / drain seconds',
    },
    {
      metric: 'check-in p50 while draining / uplink idle',
      value: round(percentile(drain.latencies, 0.5) / percentile(idle.latencies, 0.5), 2),
      unit: 'ratio',
      note: `draining ${p(drain, 0.5)} ms (${drain.latencies.length} check-ins), idle ${p(idle, 0.5)} ms (${idle.latencies.length}); ${load}`,
    },
    {
      metric: 'check-in p99 while draining / uplink idle',
      value: round(percentile(drain.latencies, 0.99) / percentile(idle.latencies, 0.99), 2),
      unit: 'ratio',
      note: `draining ${p(drain, 0.99)} ms, idle ${p(idle, 0.99)} ms; ${drain.failed + idle.failed} failed`,
    },
    {
      metric: 'station RSS while draining (highest)',
      value: round(rssMax, 1),
      unit: 'MB',
      note: `${round(rssCut, 1)} MB cut off with the backlog on disk`,
    },
  ]
  printBench('uplink-backlog', metrics)
} finally {
  for (const c of cleanups) await c().catch(() => {})
  await link.down()
  await db.close()
  await district.stop()
  await pg.stop()
  await rm(root, { recursive: true, force: true })
}
process.exit(0)
