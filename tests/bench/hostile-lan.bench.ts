/**
 * Check-in latency on a hostile station network, against the same hub when the network is quiet.
 *
 *   npx tsx tests/bench/hostile-lan.bench.ts      (BENCH_HOSTILE_SEC=30 seconds a phase)
 *
 * Three processes, as on a station: this one runs the hub (real scrypt account, device logins on); a
 * "courier" child checks in 5 times a second, each a new phone (a durable journal write), and times each
 * answer; an "attacker" child, in the hostile phase only, keeps 256 wrong logins in flight from 256 loopback
 * addresses (127.0.2.x / 127.0.3.x, so the per-address limits do not stop them early) and floods MQTT with
 * readings on a sensor's own topic, with that sensor's login (the worst case: its messages pass the ACL),
 * reconnecting whenever it is cut off. Phases alternate quiet, hostile, quiet, hostile; the figure is the
 * p95 of every hostile check-in over the p95 of every quiet one (issue 9: goal ≤ 3). The hub reports its
 * event-loop lag and CPU per phase. Everything talks to 127.0.0.1 and stops by itself.
 *
 * The attacker and the courier run on the hub's own machine here (a station's attacker brings their own
 * computer), so on a small shared machine the figure is a worst case.
 */
import { request } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import mqtt from 'mqtt'
import { hashPassword } from '../../server/auth/password.js'
import { startTestHub } from '../support/hub.js'
import {
  forkOutside,
  type Metric,
  monoMs,
  nextMessage,
  percentile,
  printBench,
  round,
  sleep,
  stopChild,
  verdict,
} from './lib.js'

const PHASE_SEC = Number(process.env.BENCH_HOSTILE_SEC ?? 30)
const CHECKINS_PER_SEC = 5
const LOGINS_IN_FLIGHT = 256
const REQUEST_TIMEOUT_MS = 20_000
const GOAL = '<= 3'
const SENSOR = { username: 'flood-sensor', password: 'sensor-pass-1234' }
/** Which attacks run in the hostile phases: both (the figure), or one of them to see what each costs. */
const ATTACKS = (process.env.BENCH_HOSTILE_ATTACKS ?? 'logins,mqtt').split(',')

type Phase = 'quiet' | 'hostile'
type ToChild = { type: 'run'; ms: number; phase: Phase } | { type: 'stop' }
type CourierResult = {
  type: 'courier'
  latencies: number[]
  failed: number
  statuses: Record<string, number>
}
type AttackerResult = { type: 'attacker'; logins: Record<string, number>; published: number }

function post(
  url: string,
  body: unknown,
  localAddress = '127.0.0.1',
): Promise<{ status: number; code?: string }> {
  const text = JSON.stringify(body)
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' }, agent: false },
      (res) => {
        let answer = ''
        res.on('data', (d) => (answer += d))
        res.on('end', () => {
          let code: string | undefined
          try {
            code = (JSON.parse(answer) as { code?: string }).code
          } catch {}
          resolve({ status: res.statusCode ?? 0, code })
        })
      },
    )
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve({ status: 0 }))
    req.end(text)
  })
}

/** The courier child: a check-in every 200 ms, each timed, for as long as the phase lasts. */
async function courier(httpUrl: string): Promise<void> {
  let phone = 0
  process.on('message', async (m: ToChild) => {
    if (m.type === 'stop') process.exit(0)
    const latencies: number[] = []
    const statuses: Record<string, number> = {}
    let failed = 0
    const end = monoMs() + m.ms
    const inFlight: Promise<void>[] = []
    for (let next = monoMs(); next < end; next += 1000 / CHECKINS_PER_SEC) {
      while (monoMs() < next) await sleep(Math.max(1, next - monoMs()))
      const t0 = monoMs()
      const number = `139${String(10_000_000 + phone++).slice(-8)}`
      inFlight.push(
        post(`${httpUrl}/api/checkins`, { phone: number, platform: 'meituan', purposes: ['rest'] }).then(
          (r) => {
            statuses[r.status] = (statuses[r.status] ?? 0) + 1
            if (r.status === 201 || r.status === 200) latencies.push(monoMs() - t0)
            else failed++
          },
        ),
      )
    }
    await Promise.all(inFlight)
    process.send?.({ type: 'courier', latencies, failed, statuses } satisfies CourierResult)
  })
  process.send?.({ type: 'ready' })
}

/** The attacker child: 256 wrong logins kept in flight, and an MQTT flood, for the phase. */
async function attacker(httpUrl: string, mqttUrl: string): Promise<void> {
  // The flooding sensor comes back whenever it is cut off or refused, as a hijacked one would. mqtt.js gives
  // up after a refused CONNECT, so each attempt is a new client.
  const connectFlood = () => {
    const c = mqtt.connect(mqttUrl, {
      ...SENSOR,
      reconnectPeriod: 0,
      queueQoSZero: false,
      clientId: 'flood-sensor',
    })
    c.on('error', () => {})
    return c
  }
  let flood = connectFlood()
  process.on('message', async (m: ToChild) => {
    if (m.type === 'stop') {
      flood.end(true)
      process.exit(0)
    }
    const end = monoMs() + m.ms
    const logins: Record<string, number> = {}
    const guesser = async (i: number) => {
      const address = `127.0.${2 + ((i + 1) >> 8)}.${(i + 1) & 255}`
      let n = 0
      while (monoMs() < end) {
        const r = await post(
          `${httpUrl}/api/auth/login`,
          { name: `guess-${i}-${n++}`, password: 'wrong' },
          address,
        )
        const key = r.code ?? String(r.status)
        logins[key] = (logins[key] ?? 0) + 1
      }
    }
    let published = 0
    const publisher = async () => {
      while (monoMs() < end) {
        if (!flood.connected) {
          await sleep(200)
          if (!flood.connected) {
            flood.end(true)
            flood = connectFlood()
          }
          continue
        }
        for (let k = 0; k < 200; k++) {
          flood.publish('redstation/test/devices/flood-temp', `{"temperature":${(published++ % 60) / 10}}`, {
            qos: 0,
          })
        }
        await new Promise((r) => setImmediate(r))
      }
    }
    await Promise.all([
      ATTACKS.includes('mqtt') ? publisher() : null,
      ...(ATTACKS.includes('logins') ? Array.from({ length: LOGINS_IN_FLIGHT }, (_, i) => guesser(i)) : []),
    ])
    process.send?.({ type: 'attacker', logins, published } satisfies AttackerResult)
  })
  process.send?.({ type: 'ready' })
}

async function main(): Promise<void> {
  const t = await startTestHub({
    mqtt: { embedded: { allowAnonymous: false } },
    devices: [
      { id: 'fridge-temp', kind: 'temperature', name: '冰箱温度' },
      { id: 'flood-temp', kind: 'temperature', name: '被攻破的传感器', mqtt: SENSOR },
    ],
    users: [{ name: 'manager', role: 'manager', passwordHash: await hashPassword('the-real-one-2026') }],
    kiosk: { rateLimitPerMin: 100_000 },
  })
  const courierChild = forkOutside(import.meta.url, ['courier', t.url])
  const attackerChild = forkOutside(import.meta.url, ['attacker', t.url, t.mqttUrl])
  const guard = setTimeout(
    () => {
      console.error('hostile-lan bench: overall time limit reached')
      courierChild.kill('SIGKILL')
      attackerChild.kill('SIGKILL')
      process.exit(1)
    },
    (PHASE_SEC * 4 + 120) * 1000,
  )
  guard.unref()
  const results: Record<Phase, { latencies: number[]; failed: number; n: number }> = {
    quiet: { latencies: [], failed: 0, n: 0 },
    hostile: { latencies: [], failed: 0, n: 0 },
  }
  const accepted0 = t.hub.sensors.stats.accepted
  let attack: AttackerResult | null = null
  try {
    await nextMessage(courierChild, 'ready', 20_000)
    await nextMessage(attackerChild, 'ready', 20_000)
    console.log(`hostile-lan bench: ${PHASE_SEC} s a phase, quiet / hostile / quiet / hostile`)
    for (const phase of ['quiet', 'hostile', 'quiet', 'hostile'] as Phase[]) {
      const run = { type: 'run', ms: PHASE_SEC * 1000, phase } satisfies ToChild
      const before = t.hub.sensors.stats.accepted
      const lag = monitorEventLoopDelay({ resolution: 10 })
      lag.enable()
      const cpu0 = process.cpuUsage()
      courierChild.send(run)
      if (phase === 'hostile') attackerChild.send(run)
      const c = await nextMessage<CourierResult>(courierChild, 'courier', PHASE_SEC * 1000 + 60_000)
      if (phase === 'hostile') attack = await nextMessage<AttackerResult>(attackerChild, 'attacker', 60_000)
      lag.disable()
      const cpu = process.cpuUsage(cpu0)
      const r = results[phase]
      const p50 = percentile(c.latencies, 0.5)
      const p95 = percentile(c.latencies, 0.95)
      r.latencies.push(...c.latencies)
      r.failed += c.failed
      r.n += c.latencies.length + c.failed
      console.log(
        `${phase.padEnd(7)}: check-in p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ` +
          `${c.latencies.length} answered, ${c.failed} failed ${JSON.stringify(c.statuses)}; hub event-loop ` +
          `lag p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, hub CPU ${((cpu.user + cpu.system) / 1e4 / PHASE_SEC).toFixed(0)} %` +
          (phase === 'hostile' && attack
            ? `; logins ${JSON.stringify(attack.logins)}; MQTT sent ${attack.published}, accepted ` +
              `${t.hub.sensors.stats.accepted - before}`
            : ''),
      )
      await sleep(2000)
    }
  } finally {
    await stopChild(courierChild, { type: 'stop' } satisfies ToChild)
    await stopChild(attackerChild, { type: 'stop' } satisfies ToChild)
    await t.close()
  }
  // Every check-in of a kind of phase pooled: the p95 of 300 answers, not a median of two p95s.
  const quiet95 = percentile(results.quiet.latencies, 0.95)
  const hostile95 = percentile(results.hostile.latencies, 0.95)
  const ratio = hostile95 / quiet95
  console.log(
    `check-in p95: quiet ${quiet95.toFixed(1)} ms, hostile ${hostile95.toFixed(1)} ms, ratio ${ratio.toFixed(2)} ` +
      `(goal ${GOAL}) ${verdict(ratio, GOAL)}; hash peak ${t.hub.auth.hashing.peak}, refused ${t.hub.auth.hashing.refused}; ` +
      `MQTT readings accepted in all ${t.hub.sensors.stats.accepted - accepted0}, flooding client cut off ` +
      `${t.hub.mqtt.broker?.stats().floodsCut} times`,
  )
  const phases = `${PHASE_SEC} s phases, quiet/hostile alternated twice, ${CHECKINS_PER_SEC} check-ins/s`
  const logins = attack ? Object.values(attack.logins).reduce((a, b) => a + b, 0) : 0
  const metrics: Metric[] = [
    { metric: 'checkin_quiet_p95', value: round(quiet95, 1), unit: 'ms', note: phases },
    {
      metric: 'checkin_hostile_p95',
      value: round(hostile95, 1),
      unit: 'ms',
      note: `${LOGINS_IN_FLIGHT} wrong logins in flight from ${LOGINS_IN_FLIGHT} addresses + MQTT flood (sensor login, QoS 0)`,
    },
    { metric: 'checkin_p95_ratio', value: round(ratio, 2), unit: 'ratio', note: 'hostile/quiet', goal: GOAL },
    {
      metric: 'checkin_quiet_p50',
      value: round(percentile(results.quiet.latencies, 0.5), 1),
      unit: 'ms',
      note: phases,
    },
    {
      metric: 'checkin_hostile_p50',
      value: round(percentile(results.hostile.latencies, 0.5), 1),
      unit: 'ms',
      note: '',
    },
    {
      metric: 'checkin_hostile_failed',
      value: results.hostile.failed,
      unit: 'requests',
      note: `of ${results.hostile.n} check-ins in the hostile phases (timeouts or errors)`,
      goal: '<= 0',
    },
    {
      metric: 'wrong_logins_last_phase',
      value: logins,
      unit: 'answers',
      note: JSON.stringify(attack?.logins ?? {}),
    },
    {
      metric: 'mqtt_flood_sent_last_phase',
      value: attack?.published ?? 0,
      unit: 'messages',
      note: 'QoS 0 readings on the sensor’s own topic',
    },
  ]
  printBench('hostile-lan', metrics)
}

if (process.argv[2] === '--outside') {
  if (process.argv[3] === 'courier') await courier(process.argv[4] as string)
  else await attacker(process.argv[4] as string, process.argv[5] as string)
} else {
  await main()
  process.exit(0)
}
