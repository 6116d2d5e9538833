/**
 * Scale-out: two central instances on one shared subscription against one, on Mosquitto and PostgreSQL.
 * Goal: two drain the same backlog at least 1.6 times as fast.
 *
 *   npx tsx tests/bench/central-scaleout.bench.ts
 *     BENCH_SCALE_STATIONS=40 stations, BENCH_SCALE_EVENTS=2000 check-ins waiting at each, BENCH_SCALE_ROUNDS=2
 *
 * Each instance is its own process (the real launcher: `npm run central -- --db … --mqtt …`), so two of them
 * can use both cores; PostgreSQL, Mosquitto (deploy/mosquitto/district.conf, TLS) and the stations (this
 * process) share the same two cores, as they would on a small district server. Each round starts with a
 * fresh database, registers the stations, starts the instances, then times the stations' whole backlog from
 * their first connect to their last ack. Rounds go one, two, two, one, …
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../server/central/db/open.js'
import { Registry, SERVICE_LOGIN } from '../../server/central/registry.js'
import { startDistrictBroker } from '../support/district.js'
import { startPostgres } from '../support/postgres.js'
import { backlogStations, drain, procStats, spawnCentral, stationIds } from './central-lib.js'
import { type Metric, median, printBench, round } from './lib.js'

const STATIONS = Number(process.env.BENCH_SCALE_STATIONS ?? 40)
const EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 2000)
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 2)
const GOAL = '>= 1.6'
const SERVICE_PASSWORD = 'bench-service-password-01234'
const password = (id: string) => `bench-${id}-password-0123456`

const ids = stationIds(STATIONS)
const dir = await mkdtemp(join(tmpdir(), 'rsh-bench-scale-'))
await writeFile(join(dir, 'service-password'), SERVICE_PASSWORD)
const pg = await startPostgres()
const district = await startDistrictBroker({
  [SERVICE_LOGIN]: SERVICE_PASSWORD,
  ...Object.fromEntries(ids.map((id) => [id, password(id)])),
})

async function roundWith(instances: number): Promise<number> {
  const dbUrl = await pg.database()
  const db = await openDatabase({ url: dbUrl, dataDir: null })
  const registry = await Registry.open(db, 0)
  for (const id of ids) await registry.add({ id, name: id }, password(id))
  registry.close()
  const args = (n: number) => [
    '--db',
    dbUrl,
    '--mqtt',
    district.url,
    '--mqtt-ca',
    district.certs.ca,
    '--mqtt-password-file',
    join(dir, 'service-password'),
    '--no-demo',
    '--data-dir',
    join(dir, `instance-${n}`),
  ]
  const running = await Promise.all(Array.from({ length: instances }, (_, n) => spawnCentral(args(n))))
  try {
    const cpu0 = running.map((c) => procStats(c.pid).cpuSec)
    const self0 = process.cpuUsage()
    const r = await drain(backlogStations(ids, EVENTS), {
      url: district.url,
      password,
      caFile: district.certs.ca,
    })
    // Where the time went: each instance's CPU over the drain, and this process's (the stations').
    const busy = running.map((c, i) =>
      round(((procStats(c.pid).cpuSec - (cpu0[i] as number)) / r.seconds) * 100, 0),
    )
    const self = process.cpuUsage(self0)
    const stations = round(((self.user + self.system) / 1e6 / r.seconds) * 100, 0)
    console.log(
      `  CPU during the drain: instance(s) ${busy.join(' % + ')} %, stations ${stations} % (of one core)`,
    )
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')
    if (rows[0]?.n !== STATIONS * EVENTS)
      throw new Error(`${rows[0]?.n} events stored, expected ${STATIONS * EVENTS}`)
    console.log(
      `${instances} instance(s): ${round(r.eventsPerSec, 0)} events/s (${round(r.seconds, 2)} s, ${r.resent} resent)`,
    )
    return r.eventsPerSec
  } finally {
    await Promise.all(running.map((c) => c.stop()))
    await db.close()
  }
}

const rates: Record<1 | 2, number[]> = { 1: [], 2: [] }
try {
  for (let i = 0; i < ROUNDS; i++) {
    const order: Array<1 | 2> = i % 2 === 0 ? [1, 2] : [2, 1]
    for (const n of order) rates[n].push(await roundWith(n))
  }
} finally {
  await district.stop()
  await pg.stop()
  await rm(dir, { recursive: true, force: true })
}

const metrics: Metric[] = [
  {
    metric: 'one instance: events committed/s',
    value: round(median(rates[1]), 0),
    unit: 'events/s',
    note: `median of ${ROUNDS}; ${STATIONS} stations × ${EVENTS} backlog; Mosquitto (TLS) + PostgreSQL`,
  },
  {
    metric: 'two instances (shared subscription): events committed/s',
    value: round(median(rates[2]), 0),
    unit: 'events/s',
    note: `median of ${ROUNDS}`,
  },
  {
    metric: 'two / one',
    value: round(median(rates[2]) / median(rates[1]), 3),
    unit: 'ratio',
    goal: GOAL,
    note: 'instances, broker, database and stations share one 2-core machine',
  },
]
printBench('central-scaleout', metrics)
process.exit(0)
