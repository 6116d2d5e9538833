/**
 * District acknowledgement → the station's console (issue 12): with the station online, from the district's
 * acknowledge request to the moment the station's manager console hears of it, against a station-local
 * acknowledgement timed the same way to the same event, in the same run.
 *
 *   npx tsx tests/bench/district-ack.bench.ts   (BENCH_ACK_SAMPLES=100 of each, BENCH_ACK_MAX_SEC=300)
 *
 * The district: a central service (PGlite, its embedded broker) in this process, the station registered
 * on it. The station: the built hub (`node dist/server/main.js --config …`), its own process, its uplink
 * online to the central service's broker. The console: a socket.io client on the station's `/manager`
 * namespace, logged in as the station's manager (an account added to its data folder, as `npm run user`
 * does). Not a real browser: the figure is the time until the console's socket has the event, which is
 * what a latency needs; a page would add its own render, the same for both paths.
 *
 * Each sample raises a fresh alert (a courier's help request, POST /api/help: critical at once), waits for
 * it on the console and at the district (GET /api/alerts, as the district page lists it), then
 * acknowledges it: either the district way (POST /api/stations/:id/alerts/:alertId/acknowledge with a note
 * and a client-made command id, as the district page sends it: a command down the uplink, applied by the
 * station) or the station's own way (POST /api/manage/alerts/:id/ack on the station, as its console does).
 * Timed from just before the request to the `alert` `acknowledged` event of that alert on the console. The
 * two alternate, one of each in turn. The alert is then resolved and its `cleared` awaited, so a station
 * never holds more than one open help alert. Stops by itself after SAMPLES of each or MAX_SEC; 127.0.0.1 only.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { saveAccount } from '../../server/auth/users-admin.js'
import { STAFF, startTestCentral } from '../support/central.js'
import { buildServer, type Metric, monoMs, percentile, printBench, round, sleep } from './lib.js'
import { spawnStation, stationConfig, uplinkHealth } from './station-lib.js'

const SAMPLES = Number(process.env.BENCH_ACK_SAMPLES ?? 100)
const MAX_SEC = Number(process.env.BENCH_ACK_MAX_SEC ?? 300)
const ID = 'st-ack'
const PW = 'bench-district-ack-uplink-password'
const MANAGER = { name: 'wang', password: 'correct horse battery' }
const NOTE = '已电话联系站长，马上到'
const enc = encodeURIComponent

interface ConsoleAlert {
  id: string
  type: string
  subject: string
  state: string
  ackBy?: string | null
}

await buildServer()
const root = await mkdtemp(join(tmpdir(), 'rsh-bench-ack-'))
const central = await startTestCentral({})
const cleanups: Array<() => Promise<void>> = [
  () => central.close(),
  () => rm(root, { recursive: true, force: true }),
]

/** The next `alert` event on the console that `match` accepts, or an error after `ms`. */
function nextAlert(socket: Socket, match: (event: string, a: ConsoleAlert) => boolean, ms = 20_000) {
  return new Promise<{ at: number; alert: ConsoleAlert }>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('alert', on)
      reject(new Error(`no matching alert event on the console within ${ms} ms`))
    }, ms)
    const on = (m: { event: string; alert: ConsoleAlert }) => {
      if (!match(m.event, m.alert)) return
      const at = monoMs()
      clearTimeout(timer)
      socket.off('alert', on)
      resolve({ at, alert: m.alert })
    }
    socket.on('alert', on)
  })
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const text = await r.text()
  if (!r.ok) throw new Error(`POST ${url}: ${r.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** Polls until the district lists the station's alert as active (it came up the uplink). */
async function atDistrict(alertId: string): Promise<void> {
  for (const t0 = monoMs(); monoMs() - t0 < 20_000; await sleep(20)) {
    const r = await central.get<{ alerts: Array<{ alertId: string; state: string }> }>(
      `/api/alerts?station=${ID}`,
    )
    if (r.body.alerts.some((a) => a.alertId === alertId && a.state === 'active')) return
  }
  throw new Error(`alert ${alertId} did not reach the district in 20 s`)
}

try {
  await central.app.central.registry.add({ id: ID, name: '基准驿站' }, PW)
  const config = await stationConfig(root, 'station', {
    id: ID,
    uplink: { url: central.app.central.brokerUrl, password: PW, ackTimeoutSec: 2 },
  })
  await saveAccount(
    { dataDir: join(root, 'station-data'), configUsers: [] },
    { ...MANAGER, role: 'manager', force: true },
  )
  const station = await spawnStation(config)
  cleanups.unshift(() => station.stop())
  for (const t0 = monoMs(); (await uplinkHealth(station.url)).state !== 'online'; await sleep(100))
    if (monoMs() - t0 > 30_000) throw new Error('the station did not come online at the district in 30 s')
  const login = await fetch(`${station.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(MANAGER),
  })
  if (login.status !== 200) throw new Error(`manager login at the station: ${login.status}`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
  const konsole = io(`${station.url}/manager`, { transports: ['websocket'], extraHeaders: { cookie } })
  cleanups.unshift(async () => void konsole.close())
  await new Promise<void>((resolve, reject) => {
    konsole.once('connect', () => resolve())
    konsole.once('connect_error', reject)
  })
  // As the console sends them: its session cookie, its own origin.
  const asManager = { cookie, origin: station.url }
  console.log(`station ${ID} online at the district; console connected`)

  const district: number[] = []
  const local: number[] = []
  /** The district's answer (202, the command made and sent), of the district samples: the central's share. */
  const answered: number[] = []
  const t0 = monoMs()
  // One untimed round of each first: connections and code paths warm.
  for (let i = -2; i < 2 * SAMPLES && monoMs() - t0 < MAX_SEC * 1000; i++) {
    const fromDistrict = (i + 2) % 2 === 0
    const raised = nextAlert(konsole, (e, a) => e === 'raised' && a.type === 'help')
    const help = (await post(`${station.url}/api/help`, { reason: 'unwell' })) as { id: string }
    const { alert } = await raised
    if (alert.subject !== help.id) throw new Error(`raised ${alert.subject}, asked for ${help.id}`)
    await atDistrict(alert.id)
    await sleep(20)
    const acked = nextAlert(konsole, (e, a) => e === 'acknowledged' && a.id === alert.id)
    const start = monoMs()
    if (fromDistrict) {
      const r = await central.send('POST', `/api/stations/${ID}/alerts/${enc(alert.id)}/acknowledge`, {
        note: NOTE,
        commandId: `d-ack-${randomUUID()}`,
      })
      if (r.status !== 202) throw new Error(`district acknowledge: ${r.status} ${JSON.stringify(r.body)}`)
      if (i >= 0) answered.push(monoMs() - start)
    } else await post(`${station.url}/api/manage/alerts/${enc(alert.id)}/ack`, {}, asManager)
    const heard = await acked
    const ms = heard.at - start
    const by = fromDistrict ? STAFF.name : MANAGER.name
    if (heard.alert.ackBy !== by) throw new Error(`acknowledged by ${heard.alert.ackBy}, expected ${by}`)
    if (i >= 0) (fromDistrict ? district : local).push(ms)
    const cleared = nextAlert(konsole, (e, a) => e === 'cleared' && a.id === alert.id)
    await post(`${station.url}/api/manage/alerts/${enc(alert.id)}/resolve`, { note: '已处理' }, asManager)
    await cleared
  }
  const seconds = (monoMs() - t0) / 1000
  const p = (xs: number[], q: number) => round(percentile(xs, q), 1)
  console.log(
    `district → console: p50 ${p(district, 0.5)} ms, p99 ${p(district, 0.99)} ms, max ${p(district, 1)} ms (${district.length} samples; request answered p50 ${p(answered, 0.5)} ms)`,
  )
  console.log(
    `station-local → console: p50 ${p(local, 0.5)} ms, p99 ${p(local, 0.99)} ms, max ${p(local, 1)} ms (${local.length} samples)`,
  )
  const ratio = percentile(district, 0.99) / percentile(local, 0.99)
  console.log(`p99 district : station-local ${round(ratio, 1)}× (${round(seconds, 0)} s)`)
  const metrics: Metric[] = [
    {
      metric: 'district ack → station console p50',
      value: p(district, 0.5),
      unit: 'ms',
      note: `${district.length} samples; POST …/alerts/:alertId/acknowledge with a note on the central service → the alert's 'acknowledged' on the station's /manager socket`,
    },
    {
      metric: 'district ack → station console p99',
      value: p(district, 0.99),
      unit: 'ms',
      note: `${district.length} samples, the station online; max ${p(district, 1)} ms`,
    },
    {
      metric: 'district ack request answered (202) p50',
      value: p(answered, 0.5),
      unit: 'ms',
      note: `p99 ${p(answered, 0.99)} ms: the central service's share (its transaction, the command published)`,
    },
    {
      metric: 'station-local ack → console p50 (peer)',
      value: p(local, 0.5),
      unit: 'ms',
      note: `${local.length} samples; POST /api/manage/alerts/:id/ack on the station, the same event, alternating`,
    },
    {
      metric: 'station-local ack → console p99 (peer)',
      value: p(local, 0.99),
      unit: 'ms',
      note: `${local.length} samples; max ${p(local, 1)} ms`,
    },
    {
      metric: 'ack → console p99, district : station-local',
      value: round(ratio, 1),
      unit: '×',
      note: 'the two p99s above, same station, same run',
    },
  ]
  printBench('district-ack', metrics)
} finally {
  for (const c of cleanups) await c().catch((err) => console.error(err))
}
