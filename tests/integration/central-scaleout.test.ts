/**
 * Two central instances (real processes, the real launcher) share the stations' traffic through Mosquitto's
 * shared subscription and one PostgreSQL; one of them is killed with SIGKILL in the middle of a stream.
 * Every event the stations wrote is stored once: nothing lost, nothing doubled.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import type { Db } from '../../server/central/db/db.js'
import { openDatabase } from '../../server/central/db/open.js'
import { Registry, SERVICE_LOGIN } from '../../server/central/registry.js'
import { startSim, until } from '../support/central.js'
import { type DistrictBroker, startDistrictBroker } from '../support/district.js'
import { type PostgresHandle, startPostgres } from '../support/postgres.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const STATIONS = ['s1', 's2', 's3', 's4']
const SERVICE_PASSWORD = 'service-password-0123456789'
const password = (id: string) => `password-${id}-0123456789`

interface Instance {
  child: ChildProcess
  url: Promise<string>
  exited: Promise<void>
}

let pg: PostgresHandle
let district: DistrictBroker
let db: Db
let dir: string
let dbUrl: string
const instances: Instance[] = []
const sims: UplinkSim[] = []

function startInstance(dbUrl: string, n: number): Instance {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/central-main.ts',
      '--db',
      dbUrl,
      '--mqtt',
      district.url,
      '--mqtt-ca',
      district.certs.ca,
      '--mqtt-password-file',
      join(dir, 'service-password'),
      '--no-demo',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      join(dir, `instance-${n}`),
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } },
  )
  let log = ''
  child.stderr?.on('data', (d) => {
    log += d
  })
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      log += `${line}\n`
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (m) resolve(m[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`central instance ${n} exited (${code}):\n${log}`)))
  })
  url.catch(() => {})
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return { child, url, exited }
}

const ingestOf = async (i: Instance) =>
  ((await (await fetch(`${await i.url}/api/health`)).json()) as { ingest: { batches: number } }).ingest

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rsh-scaleout-'))
  pg = await startPostgres()
  dbUrl = await pg.database()
  db = await openDatabase({ url: dbUrl, dataDir: null })
  const registry = await Registry.open(db, 0)
  for (const id of STATIONS) await registry.add({ id, name: `站 ${id}` }, password(id))
  await registry.setServiceLogin(SERVICE_PASSWORD)
  registry.close()
  await writeFile(join(dir, 'service-password'), SERVICE_PASSWORD)
  district = await startDistrictBroker({
    [SERVICE_LOGIN]: SERVICE_PASSWORD,
    ...Object.fromEntries(STATIONS.map((id) => [id, password(id)])),
  })
  instances.push(startInstance(dbUrl, 1), startInstance(dbUrl, 2))
  await Promise.all(instances.map((i) => i.url))
}, 60_000)

afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()))
  for (const i of instances) i.child.kill('SIGKILL')
  await Promise.all(instances.map((i) => i.exited))
  await db?.close()
  await district?.stop()
  await pg?.stop()
  await rm(dir, { recursive: true, force: true })
})

it('loses and doubles nothing when one of two instances is killed with SIGKILL mid-stream', async () => {
  for (const [n, id] of STATIONS.entries())
    sims.push(
      await startSim(id, district.url, password(id), {
        caFile: district.certs.ca,
        seed: n + 1,
        ackTimeoutMs: 1000,
      }),
    )
  const checkins = new Map(STATIONS.map((id) => [id, 0]))
  const write = (sim: UplinkSim) => {
    const st = sim.station
    if (st.head % 10 === 9) st.privateEntry()
    else {
      st.checkin()
      checkins.set(st.id, (checkins.get(st.id) ?? 0) + 1)
    }
    sim.poke()
  }
  const streaming = setInterval(() => sims.forEach(write), 10)
  try {
    // Both instances take part before one dies.
    await until(async () => (await ingestOf(instances[0] as Instance)).batches > 5, 15_000, 'instance 1 busy')
    await until(async () => (await ingestOf(instances[1] as Instance)).batches > 5, 15_000, 'instance 2 busy')
    const victim = instances[0] as Instance
    victim.child.kill('SIGKILL')
    await victim.exited
    await new Promise((r) => setTimeout(r, 1500)) // the stream goes on, all of it to the survivor
  } finally {
    clearInterval(streaming)
  }
  await Promise.all(sims.map((s) => s.acked()))

  const stored = await db.query<{ station_id: string; events: number; max: number; committed: number }>(
    `SELECT s.id AS station_id, count(e.seq)::int AS events, coalesce(max(e.seq), 0)::int AS max, s.committed
     FROM stations s LEFT JOIN events e ON e.station_id = s.id GROUP BY s.id, s.committed ORDER BY s.id`,
  )
  const counted = await db.query<{ station_id: string; n: number }>(
    "SELECT station_id, sum(n)::int AS n FROM daily_counts WHERE metric = 'checkin' GROUP BY station_id",
  )
  for (const sim of sims) {
    const id = sim.station.id
    const row = stored.rows.find((r) => r.station_id === id)
    expect(row?.committed, id).toBe(sim.station.head)
    expect(row?.events, id).toBe(checkins.get(id)) // every check-in stored, private entries not
    expect(counted.rows.find((r) => r.station_id === id)?.n, id).toBe(checkins.get(id)) // counted once each
  }
  console.log(`resent after the kill: ${sims.map((s) => s.stats.resent).join(', ')}`)
})

it('takes up the backlog when the district was down altogether and an instance starts again', async () => {
  const survivor = instances[1] as Instance
  survivor.child.kill('SIGKILL')
  await survivor.exited
  for (const sim of sims) for (let i = 0; i < 50; i++) sim.station.checkin() // written while nobody listens
  for (const sim of sims) sim.poke()
  await new Promise((r) => setTimeout(r, 500))
  const fresh = startInstance(dbUrl, 3)
  instances.push(fresh)
  await fresh.url
  await Promise.all(sims.map((s) => s.acked()))
  const counted = await db.query<{ station_id: string; n: number; events: number }>(
    `SELECT d.station_id, d.n, (SELECT count(*)::int FROM events e WHERE e.station_id = d.station_id) AS events
     FROM (SELECT station_id, sum(n)::int AS n FROM daily_counts WHERE metric = 'checkin' GROUP BY station_id) d`,
  )
  for (const sim of sims) {
    const row = counted.rows.find((r) => r.station_id === sim.station.id)
    const expected = [...sim.station.days.values()].reduce((n, d) => n + d.checkins.total, 0)
    expect(row?.n, sim.station.id).toBe(expected)
    expect(row?.events, sim.station.id).toBe(expected)
  }
})
