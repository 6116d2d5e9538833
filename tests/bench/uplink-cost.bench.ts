/**
 * Station cost of the uplink (issue 11): the station's check-in throughput and memory with the uplink on and
 * streaming, against off (no `uplink` section), side by side in one run. Goal: on/off ≥ 0.9.
 *
 *   npx tsx tests/bench/uplink-cost.bench.ts      (BENCH_UPLINK_COST_SEC=12 timed seconds per station)
 *
 * Two stations, each the built hub as its own process (`node dist/server/main.js --config …`), on the same
 * machine: "on" uplinks to the district (Mosquitto with deploy/mosquitto/district.conf, TLS, ACL; the
 * central service as its own process on PostgreSQL), "off" has no uplink. The load is the checkins bench's:
 * wrk, one thread, 50 connections, every request a new phone (tests/bench/checkins.lua), so every answer is
 * a durable visit, and with the uplink on every visit is a journal entry that goes up. Timed rounds alternate
 * off, on, on, off, …; each station first serves 5 s untimed. RSS is read from /proc after every round.
 *
 * Read the ratio for what it is: the district (broker, database, central) runs on the same two cores as the
 * station here, so what it spends committing the stream is taken from the station too. The station's own
 * CPU per check-in, on and off, is the cost that would travel to a real station with the district elsewhere.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../server/central/db/open.js'
import { Registry, SERVICE_LOGIN } from '../../server/central/registry.js'
import { startDistrictBroker } from '../support/district.js'
import { startPostgres } from '../support/postgres.js'
import { procStats, spawnCentral } from './central-lib.js'
import { buildServer, type Metric, monoMs, printBench, round, sleep, verdict } from './lib.js'
import { type StationProcess, spawnStation, stationConfig, uplinkHealth } from './station-lib.js'
import { needWrk, type WrkResult, wrkCheckins } from './wrk.js'

const SECONDS = Number(process.env.BENCH_UPLINK_COST_SEC ?? 12)
const ROUNDS = 4
const ROUND_SEC = Math.max(1, Math.round(SECONDS / ROUNDS))
const WARMUP_SEC = 5
const CONNECTIONS = 50
const PHONES_PER_ROUND = 10_000_000
const GOAL = '>= 0.9'
const ID = 'st-cost'
const SERVICE_PASSWORD = 'bench-service-password-01234'
const STATION_PASSWORD = 'bench-station-password-0123456'

type Mode = 'on' | 'off'

needWrk()
await buildServer()
const root = await mkdtemp(join(tmpdir(), 'rsh-bench-uplink-cost-'))
await writeFile(join(root, 'service-password'), SERVICE_PASSWORD)
const pg = await startPostgres()
const district = await startDistrictBroker({ [SERVICE_LOGIN]: SERVICE_PASSWORD, [ID]: STATION_PASSWORD })
const dbUrl = await pg.database()
const cleanups: Array<() => Promise<void>> = []

try {
  const db = await openDatabase({ url: dbUrl, dataDir: null })
  const registry = await Registry.open(db, 0)
  await registry.add({ id: ID, name: '基准驿站' }, STATION_PASSWORD)
  registry.close()
  await db.close()
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
  const stations: Record<Mode, StationProcess> = {
    on: await spawnStation(
      await stationConfig(root, 'on', {
        id: ID,
        uplink: { url: district.url, password: STATION_PASSWORD, ca: district.certs.ca },
      }),
    ),
    off: await spawnStation(await stationConfig(root, 'off', { id: 'st-off' })),
  }
  cleanups.unshift(
    () => stations.on.stop(),
    () => stations.off.stop(),
  )
  for (const t0 = monoMs(); (await uplinkHealth(stations.on.url)).state !== 'online'; await sleep(100))
    if (monoMs() - t0 > 30_000) throw new Error('the station with the uplink did not come online in 30 s')

  let phoneBase = 0
  const run = (mode: Mode, seconds: number) => {
    const r = wrkCheckins(stations[mode].url, { seconds, connections: CONNECTIONS, phoneBase })
    phoneBase += PHONES_PER_ROUND
    return r
  }
  await run('off', WARMUP_SEC)
  await run('on', WARMUP_SEC)

  const rounds: Record<Mode, WrkResult[]> = { on: [], off: [] }
  const cpu: Record<Mode, number> = { on: 0, off: 0 }
  const rss: Record<Mode, number[]> = { on: [], off: [] }
  let districtCpu = 0
  const up0 = await uplinkHealth(stations.on.url)
  const order = Array.from({ length: ROUNDS * 2 }, (_, i): Mode => ((i + 1) % 4 < 2 ? 'off' : 'on'))
  for (const mode of order) {
    const c0 = procStats(stations[mode].pid).cpuSec
    const d0 = procStats(central.pid).cpuSec
    rounds[mode].push(await run(mode, ROUND_SEC))
    cpu[mode] += procStats(stations[mode].pid).cpuSec - c0
    if (mode === 'on') districtCpu += procStats(central.pid).cpuSec - d0
    rss[mode].push(procStats(stations[mode].pid).rssMb)
  }
  const up1 = await uplinkHealth(stations.on.url)
  // The stream catches up once the load stops: how far behind it was, and how long that took.
  const t0 = monoMs()
  for (let h = up1; h.backlog > 0; h = await uplinkHealth(stations.on.url)) {
    if (monoMs() - t0 > 120_000) throw new Error(`the uplink did not catch up in 120 s: ${h.backlog} left`)
    await sleep(100)
  }
  const catchUp = (monoMs() - t0) / 1000

  const ok = (rs: WrkResult[]) => rs.reduce((n, r) => n + r.requests - r.non2xx, 0)
  const secs = (rs: WrkResult[]) => rs.reduce((n, r) => n + r.seconds, 0)
  const rate = (m: Mode) => ok(rounds[m]) / secs(rounds[m])
  const ratio = rate('on') / rate('off')
  const cpuUs = (m: Mode) => (cpu[m] * 1e6) / Math.max(1, ok(rounds[m]))
  const p99 = (m: Mode) => round(Math.max(...rounds[m].map((r) => r.p99)), 1)
  const failed = (m: Mode) => rounds[m].reduce((n, r) => n + r.non2xx + r.errors, 0)
  const streamed = up1.events - up0.events
  const perRound = order.map((m, i) => {
    const r = rounds[m][Math.floor(i / 2)] as WrkResult
    return `${m} ${((r.requests - r.non2xx) / r.seconds).toFixed(0)}`
  })
  console.log(
    `check-ins, wrk with ${CONNECTIONS} connections, ${ROUND_SEC * ROUNDS} s per station in ${ROUNDS} alternating rounds`,
  )
  console.log(`rounds (req/s): ${perRound.join(', ')}`)
  for (const m of ['off', 'on'] as const)
    console.log(
      `uplink ${m}: ${rate(m).toFixed(0)} req/s, p99 ${p99(m)} ms, ${cpuUs(m).toFixed(0)} µs CPU per check-in, RSS ${round(Math.max(...rss[m]), 1)} MB at most, ${failed(m)} failed`,
    )
  console.log(`on/off: ${ratio.toFixed(3)} (goal ${GOAL}) ${verdict(ratio, GOAL)}`)
  console.log(
    `uplink: ${streamed} events went up during the on rounds (${up1.batches - up0.batches} batches); ${up1.backlog} behind at the end, caught up ${round(catchUp, 1)} s later; central used ${round((districtCpu / (ROUND_SEC * ROUNDS)) * 100, 0)} % of a core in the on rounds`,
  )
  const note = `wrk, ${CONNECTIONS} connections, ${ROUND_SEC * ROUNDS} s each, alternating rounds`
  const metrics: Metric[] = [
    { metric: 'check-ins, uplink off', value: round(rate('off'), 0), unit: 'req/s', note },
    {
      metric: 'check-ins, uplink on and streaming',
      value: round(rate('on'), 0),
      unit: 'req/s',
      note: `${streamed} events went up meanwhile; Mosquitto (TLS) + central + PostgreSQL on the same 2 cores`,
    },
    { metric: 'check-ins on / off', value: round(ratio, 3), unit: 'ratio', goal: GOAL, note: 'throughput' },
    {
      metric: 'station CPU per check-in, on / off',
      value: round(cpuUs('on') / cpuUs('off'), 2),
      unit: 'ratio',
      note: `${cpuUs('on').toFixed(0)} µs on, ${cpuUs('off').toFixed(0)} µs off: the station's own cost`,
    },
    { metric: 'station RSS, uplink off (highest)', value: round(Math.max(...rss.off), 1), unit: 'MB', note },
    {
      metric: 'station RSS, uplink on (highest)',
      value: round(Math.max(...rss.on), 1),
      unit: 'MB',
      note: `${up1.backlog} events behind at the end of the rounds, caught up ${round(catchUp, 1)} s later`,
    },
    {
      metric: 'check-in p99, on / off',
      value: round(p99('on') / p99('off'), 2),
      unit: 'ratio',
      note: `worst round: ${p99('on')} ms on, ${p99('off')} ms off; ${failed('on') + failed('off')} failed`,
    },
  ]
  printBench('uplink-cost', metrics)
} finally {
  for (const c of cleanups) await c().catch(() => {})
  await district.stop()
  await pg.stop()
  await rm(root, { recursive: true, force: true })
}
process.exit(0)
