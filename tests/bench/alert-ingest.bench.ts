/**
 * Issue #4: the hub's ingest rate with 500 devices and their alert rules, against the same hub with the
 * rules switched off (`alerts.setEnabled(false)`), in the same run. Goal: rules on ≥ 90 % of rules off.
 *
 *   npx tsx tests/bench/alert-ingest.bench.ts   (BENCH_ALERT_N=200000 readings a round, BENCH_ALERT_ROUNDS=6)
 *
 * One hub (embedded broker) with 500 devices; a child process publishes N readings (QoS 0) as fast as it
 * can across them. Two kinds of traffic, each on a fresh hub: steady (what a station sends: in range, with
 * about one reading in a thousand crossing a limit) and churn (every device crossing its limits on almost
 * every reading: the rules start and stop a wait each time, the worst case). A round ends when
 * `sensors.stats.accepted` has grown by N. Rounds go on, off, off, on, on, off, … and the figure is the
 * median of the ratios of neighbouring pairs.
 */
import mqtt from 'mqtt'
import { startTestHub } from '../support/hub.js'
import {
  benchDevices,
  benchPayload,
  forkOutside,
  type Metric,
  median,
  nextMessage,
  printBench,
  round,
  sleep,
  stopChild,
  verdict,
} from './lib.js'

const N = Number(process.env.BENCH_ALERT_N ?? 200_000)
const ROUNDS = Number(process.env.BENCH_ALERT_ROUNDS ?? 6)
const DEVICES = 500
const GOAL = '>= 0.9'

type Traffic = 'steady' | 'churn'
type ToOutside = { type: 'round'; n: number; offset: number; traffic: Traffic } | { type: 'stop' }

/**
 * steady: what a station sends most of the time (fridges in range, doors closed, boxes stocked), with a
 * few readings crossing a limit; churn: every device flips across its limits all the time (benchPayload),
 * the worst case for the rules, which then start and stop a wait on almost every reading.
 */
function payload(kind: 'temperature' | 'door' | 'stock', i: number, traffic: Traffic): string {
  if (traffic === 'churn') return benchPayload(kind, i)
  const off = i % 997 === 0 // about one reading in a thousand out of range
  if (kind === 'temperature')
    return `{"temperature":${off ? 6.5 : (3.5 + (i % 10) / 10).toFixed(1)},"battery":95}`
  if (kind === 'door') return `{"contact":${!off}}`
  return `{"count":${off ? 1 : 10 + (i % 5)}}`
}

async function outside(url: string) {
  const devices = benchDevices(DEVICES)
  const pub = await mqtt.connectAsync(url, { reconnectPeriod: 0 })
  process.on('message', async (m: ToOutside) => {
    if (m.type === 'stop') {
      await pub.endAsync()
      process.exit(0)
    }
    for (let i = 0; i < m.n; i++) {
      const d = devices[(m.offset + i) % DEVICES] as (typeof devices)[number]
      pub.publish(`redstation/test/devices/${d.id}`, payload(d.kind, m.offset + i, m.traffic), { qos: 0 })
      if (i % 500 === 0) await new Promise((r) => setImmediate(r)) // let the socket drain
    }
    process.send?.({ type: 'sent' })
  })
  process.send?.({ type: 'ready' })
}

async function measure(traffic: Traffic): Promise<{ on: number; off: number; ratio: number }> {
  const devices = benchDevices(DEVICES)
  const t = await startTestHub({
    devices,
    alerts: { stock: { min: 3 } },
    // One client publishes for every device here: lift the broker's per-client flood limit.
    mqtt: { embedded: { maxMessagesPerSec: 100_000 } },
  })
  const child = forkOutside(import.meta.url, [t.mqttUrl])
  await nextMessage(child, 'ready', 10_000)
  const rounds: { rules: boolean; rate: number }[] = []
  let offset = 0
  try {
    // Two warm-up rounds (one each way, not counted) so JIT compilation does not land on the first figure.
    for (let r = -2; r < ROUNDS * 2; r++) {
      // on, off, off, on, on, off, …: each setting goes first in half of the pairs, so whatever the first
      // round of a pair pays (garbage left by the round before, a history flush) does not land on one side.
      const rules = (r + 4) % 4 === 0 || (r + 4) % 4 === 3
      t.hub.alerts.setEnabled(rules)
      await sleep(300)
      const start = t.hub.sensors.stats.accepted
      const t0 = performance.now()
      child.send({ type: 'round', n: N, offset, traffic } satisfies ToOutside)
      offset += N
      const until = Date.now() + 60_000
      while (t.hub.sensors.stats.accepted - start < N && Date.now() < until) await sleep(2)
      const got = t.hub.sensors.stats.accepted - start
      const rate = got / ((performance.now() - t0) / 1000)
      if (r >= 0) rounds.push({ rules, rate })
      console.log(
        `${r < 0 ? 'warm-up' : `round ${r + 1}`}: rules ${rules ? 'on ' : 'off'}  ${Math.round(rate)} readings/s${got < N ? ` (only ${got} of ${N})` : ''}`,
      )
      await nextMessage(child, 'sent', 60_000)
    }
  } finally {
    await stopChild(child, { type: 'stop' })
    await t.close()
  }
  const on = rounds.filter((x) => x.rules).map((x) => x.rate)
  const off = rounds.filter((x) => !x.rules).map((x) => x.rate)
  const ratio = median(on.map((v, i) => v / (off[i] as number)))
  console.log(
    `${traffic}: rules on ${Math.round(median(on))}/s, off ${Math.round(median(off))}/s, ratio ${round(ratio)} (goal ${GOAL}: ${verdict(ratio, GOAL)})`,
  )
  return { on: median(on), off: median(off), ratio }
}

async function main() {
  const steady = await measure('steady')
  const churn = await measure('churn')
  const metrics: Metric[] = [
    {
      metric: 'ingest with rules, steady traffic (500 devices)',
      value: Math.round(steady.on),
      unit: 'readings/s',
      note: 'median of rounds',
    },
    {
      metric: 'ingest without rules, steady traffic',
      value: Math.round(steady.off),
      unit: 'readings/s',
      note: 'the peer: same hub, alerts.setEnabled(false)',
    },
    {
      metric: 'rules on / off, steady traffic',
      value: round(steady.ratio),
      unit: 'ratio',
      note: 'median of paired rounds; ~1 reading in 1000 out of range',
      goal: GOAL,
    },
    {
      metric: 'rules on / off, churn (worst case)',
      value: round(churn.ratio),
      unit: 'ratio',
      note: 'every device crossing its limits on almost every reading',
      goal: GOAL,
    },
  ]
  printBench('alert-ingest', metrics)
}

if (process.argv.includes('--outside'))
  await outside(process.argv[process.argv.indexOf('--outside') + 1] as string)
else await main()
