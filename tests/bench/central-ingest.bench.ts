/**
 * Central ingest: events committed per second by one central instance, against a bare mqtt.js subscriber
 * that only parses, counts and acknowledges the same stream (no database), side by side in one run.
 *
 *   npx tsx tests/bench/central-ingest.bench.ts
 *     BENCH_CENTRAL_STATIONS=20 stations, BENCH_CENTRAL_EVENTS=4000 check-ins waiting at each, BENCH_CENTRAL_ROUNDS=2
 *
 * The district as deployed: Mosquitto with deploy/mosquitto/district.conf (TLS, ACL), PostgreSQL (a
 * throwaway cluster). Each round the stations connect with their whole backlog and send it batch by batch,
 * each next batch on the ack of the previous one (docs/uplink.md); the round ends when every station has
 * its last ack. The consumer under test (the central service, or the bare subscriber) runs in this process
 * beside the stations, so both share the same CPU with them. Rounds alternate central, bare, bare, central.
 * A second figure runs the central service on PGlite (the embedded default) against the same bare rounds.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashPassword } from '../../server/auth/password.js'
import { buildCentral } from '../../server/central/build.js'
import { SERVICE_LOGIN } from '../../server/central/registry.js'
import { systemClock } from '../../server/clock.js'
import { startDistrictBroker } from '../support/district.js'
import { seedPgliteDataDir } from '../support/pglite-template.js'
import { startPostgres } from '../support/postgres.js'
import { backlogStations, bareConsumer, drain, stationIds } from './central-lib.js'
import { type Metric, median, printBench, round } from './lib.js'

const STATIONS = Number(process.env.BENCH_CENTRAL_STATIONS ?? 20)
const EVENTS = Number(process.env.BENCH_CENTRAL_EVENTS ?? 4000)
const ROUNDS = Number(process.env.BENCH_CENTRAL_ROUNDS ?? 2)
const SERVICE_PASSWORD = 'bench-service-password-01234'
const password = (id: string) => `bench-${id}-password-0123456`

const ids = stationIds(STATIONS)
const pg = await startPostgres()
const district = await startDistrictBroker({
  [SERVICE_LOGIN]: SERVICE_PASSWORD,
  ...Object.fromEntries(ids.map((id) => [id, password(id)])),
})
const staff = await hashPassword('bench-staff-password')

async function centralRound(db: 'postgres' | 'pglite'): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rsh-bench-central-'))
  if (db === 'pglite') await seedPgliteDataDir(dataDir)
  const app = await buildCentral(
    {
      clock: systemClock,
      dataDir,
      dbUrl: db === 'postgres' ? await pg.database() : null,
      mqtt: {
        url: district.url,
        embedded: { host: '127.0.0.1', port: 0 },
        username: SERVICE_LOGIN,
        password: SERVICE_PASSWORD,
        caFile: district.certs.ca,
        group: 'central',
      },
      users: [{ name: 'bench', role: 'manager', passwordHash: staff }],
    },
    { logger: { level: 'warn' } },
  )
  for (const id of ids) await app.central.registry.add({ id, name: id }, password(id))
  const r = await drain(backlogStations(ids, EVENTS), {
    url: district.url,
    password,
    caFile: district.certs.ca,
  })
  const stored = app.central.ingest.stats.events
  await app.close()
  await rm(dataDir, { recursive: true, force: true })
  if (stored !== STATIONS * EVENTS)
    throw new Error(`central stored ${stored} events, expected ${STATIONS * EVENTS}`)
  console.log(
    `central (${db}): ${round(r.eventsPerSec, 0)} events/s (${round(r.seconds, 2)} s, ${r.resent} resent)`,
  )
  return r.eventsPerSec
}

async function bareRound(): Promise<number> {
  const bare = await bareConsumer({
    url: district.url,
    username: SERVICE_LOGIN,
    password: SERVICE_PASSWORD,
    caFile: district.certs.ca,
  })
  const r = await drain(backlogStations(ids, EVENTS), {
    url: district.url,
    password,
    caFile: district.certs.ca,
  })
  await bare.close()
  console.log(`bare subscriber: ${round(r.eventsPerSec, 0)} events/s (${round(r.seconds, 2)} s)`)
  return r.eventsPerSec
}

const rates: Record<'postgres' | 'pglite' | 'bare', number[]> = { postgres: [], pglite: [], bare: [] }
try {
  for (let i = 0; i < ROUNDS; i++) {
    // central, bare, bare, central, …: neither always goes first
    if (i % 2 === 0) {
      rates.postgres.push(await centralRound('postgres'))
      rates.bare.push(await bareRound())
      rates.pglite.push(await centralRound('pglite'))
    } else {
      rates.pglite.push(await centralRound('pglite'))
      rates.bare.push(await bareRound())
      rates.postgres.push(await centralRound('postgres'))
    }
  }
} finally {
  await district.stop()
  await pg.stop()
}

const bare = median(rates.bare)
const metrics: Metric[] = [
  {
    metric: 'central ingest, PostgreSQL: events committed/s',
    value: round(median(rates.postgres), 0),
    unit: 'events/s',
    note: `median of ${ROUNDS}; ${STATIONS} stations × ${EVENTS} backlog, Mosquitto (TLS), batches of ≤ 500`,
  },
  {
    metric: 'bare mqtt.js subscriber (parse, count, ack): events/s',
    value: round(bare, 0),
    unit: 'events/s',
    note: `median of ${ROUNDS}; the same stream, no database`,
  },
  {
    metric: 'central (PostgreSQL) / bare',
    value: round(median(rates.postgres) / bare, 3),
    unit: 'ratio',
    note: 'what committing each batch before its ack costs',
  },
  {
    metric: 'central (PGlite) / bare',
    value: round(median(rates.pglite) / bare, 3),
    unit: 'ratio',
    note: `PGlite, the embedded default: ${round(median(rates.pglite), 0)} events/s`,
  },
]
printBench('central-ingest', metrics)
process.exit(0)
