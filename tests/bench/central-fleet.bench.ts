/**
 * A fleet of 1,000 simulated stations on one central service, as `npm run central` runs it (its embedded
 * broker and PGlite): the service's resident memory and CPU, and the 99th percentile from a station's event
 * to the ack that says it is committed. Goals: RSS < 500 MB, p99 < 1 s.
 *
 *   npx tsx tests/bench/central-fleet.bench.ts
 *     BENCH_FLEET_STATIONS=1000, BENCH_FLEET_PER_MIN=3 events a minute per station, BENCH_FLEET_SEC=60
 *     BENCH_FLEET_DB=postgres runs the service on a throwaway PostgreSQL instead (its server's memory apart)
 *
 * The service is its own process (the real launcher); the stations are devices/station-uplink-sim in this
 * one, each with its own MQTT connection. They connect 50 at a time, each publishing its birth; then, for
 * the measured window, each writes an event at random moments (a few a minute: check-ins, temperatures,
 * sign-ups, help) and sends it at once. CPU is the service's user + system time over the window; RSS is
 * sampled every second (the highest is reported). The latency is measured by the station, from the event's
 * time to the ack covering it, so it includes the broker both ways.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { hashPassword } from '../../server/auth/password.js'
import { seedPgliteDataDir } from '../support/pglite-template.js'
import { startPostgres } from '../support/postgres.js'
import { procStats, spawnCentral, stationIds } from './central-lib.js'
import { type Metric, percentile, printBench, round, sleep } from './lib.js'

const N = Number(process.env.BENCH_FLEET_STATIONS ?? 1000)
const PER_MIN = Number(process.env.BENCH_FLEET_PER_MIN ?? 3)
const SEC = Number(process.env.BENCH_FLEET_SEC ?? 60)
const DB = process.env.BENCH_FLEET_DB === 'postgres' ? 'postgres' : 'pglite'
const STAFF = { name: 'bench', password: 'bench-staff-password' }

const dir = await mkdtemp(join(tmpdir(), 'rsh-bench-fleet-'))
const pg = DB === 'postgres' ? await startPostgres() : null
if (!pg) await seedPgliteDataDir(dir)
const now = new Date().toISOString()
await writeFile(
  join(dir, 'users.json'),
  JSON.stringify({
    version: 1,
    users: [
      {
        name: STAFF.name,
        role: 'manager',
        passwordHash: await hashPassword(STAFF.password),
        createdAt: now,
        updatedAt: now,
      },
    ],
  }),
  { mode: 0o600 },
)
const central = await spawnCentral([
  '--no-demo',
  '--data-dir',
  dir,
  '--mqtt-port',
  '0',
  '--mqtt-host',
  '127.0.0.1',
  ...(pg ? ['--db', await pg.database()] : []),
])
const sims: UplinkSim[] = []
const timers: NodeJS.Timeout[] = []
try {
  const login = await fetch(`${central.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(STAFF),
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
  const health = async () =>
    (await (await fetch(`${central.url}/api/health`)).json()) as {
      broker: { url: string }
      ingest: { births: number; events: number }
    }
  const brokerUrl = (await health()).broker.url
  const passwords = new Map<string, string>()
  const ids = stationIds(N, 'f')
  for (const id of ids) {
    const r = await fetch(`${central.url}/api/stations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        id,
        name: `驿站 ${id}`,
        street: `街道 ${id.slice(0, 3)}`,
        community: `社区 ${id.slice(0, 4)}`,
      }),
    })
    passwords.set(id, ((await r.json()) as { uplink: { password: string } }).uplink.password)
  }
  console.log(`registered ${N} stations`)
  for (let i = 0; i < N; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map(async (id, j) => {
        const station = new SimStation({ id, name: id, seed: i + j + 1 })
        const sim = new UplinkSim({
          url: brokerUrl,
          station,
          password: passwords.get(id),
          ackTimeoutMs: 10_000,
        })
        await sim.start()
        sims.push(sim)
      }),
    )
  }
  const t0 = Date.now()
  while ((await health()).ingest.births < N) {
    if (Date.now() - t0 > 120_000) throw new Error('the births did not all arrive in 2 minutes')
    await sleep(500)
  }
  console.log(`${N} stations connected and born in ${round((Date.now() - t0) / 1000, 1)} s`)

  for (const s of sims) s.stats.latencies.length = 0
  const cpu0 = procStats(central.pid)
  let rssMax = cpu0.rssMb
  const meanGapMs = 60_000 / PER_MIN
  for (const [i, sim] of sims.entries()) {
    const tick = () => {
      sim.station.step()
      sim.poke()
      timers[i] = setTimeout(tick, -Math.log(1 - sim.station.random()) * meanGapMs)
    }
    timers[i] = setTimeout(tick, sim.station.random() * meanGapMs)
  }
  const end = Date.now() + SEC * 1000
  while (Date.now() < end) {
    await sleep(1000)
    rssMax = Math.max(rssMax, procStats(central.pid).rssMb)
  }
  for (const t of timers) clearTimeout(t)
  const cpu1 = procStats(central.pid)
  await Promise.all(sims.map((s) => s.acked()))
  const latencies = sims.flatMap((s) => s.stats.latencies)
  const events = (await health()).ingest.events
  console.log(`${latencies.length} events in the window; ${events} stored in all`)

  const metrics: Metric[] = [
    {
      metric: `central RSS with ${N} stations (highest)`,
      value: round(rssMax, 0),
      unit: 'MB',
      goal: '< 500',
      note: `${DB === 'pglite' ? 'embedded broker + PGlite (npm run central)' : 'embedded broker, PostgreSQL server apart'}; ${SEC} s window`,
    },
    {
      metric: 'central CPU',
      value: round(((cpu1.cpuSec - cpu0.cpuSec) / SEC) * 100, 1),
      unit: '% of one core',
      note: `${N} stations × ${PER_MIN} events/min ≈ ${round((N * PER_MIN) / 60, 0)} events/s`,
    },
    {
      metric: 'event → commit ack, p99',
      value: round(percentile(latencies, 0.99), 0),
      unit: 'ms',
      goal: '< 1000',
      note: `p50 ${round(percentile(latencies, 0.5), 0)} ms; ${latencies.length} events, measured by the stations`,
    },
  ]
  printBench('central-fleet', metrics)
} finally {
  for (const t of timers) clearTimeout(t)
  await Promise.all(sims.map((s) => s.kill()))
  await central.stop()
  await pg?.stop()
  await rm(dir, { recursive: true, force: true })
}
process.exit(0)
