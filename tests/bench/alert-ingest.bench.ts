/**
 * Issue #4: the hub's ingest rate with 500 devices and their alert rules, against the same hub with the
 * rules switched off (`alerts.setEnabled(false)`), in the same run. Goal: rules on ≥ 90 % of rules off.
 *
 *   npx tsx tests/bench/alert-ingest.bench.ts   (BENCH_ALERT_N=40000 readings a round, BENCH_ALERT_ROUNDS=6)
 *
 * One hub (embedded broker) with 500 devices; a child process publishes N readings (QoS 0) as fast as it
 * can across them, values sweeping through the fridge limits, doors opening, counts hitting minimums, so
 * the rules do real work. A round ends when `sensors.stats.accepted` has grown by N. Rounds alternate on
 * and off; the figure is the median of the paired ratios.
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

const N = Number(process.env.BENCH_ALERT_N ?? 40_000)
const ROUNDS = Number(process.env.BENCH_ALERT_ROUNDS ?? 6)
const DEVICES = 500
const GOAL = '>= 0.9'

type ToOutside = { type: 'round'; n: number; offset: number } | { type: 'stop' }

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
      pub.publish(`redstation/test/devices/${d.id}`, benchPayload(d.kind, m.offset + i), { qos: 0 })
      if (i % 500 === 0) await new Promise((r) => setImmediate(r)) // let the socket drain
    }
    process.send?.({ type: 'sent' })
  })
  process.send?.({ type: 'ready' })
}

async function main() {
  const devices = benchDevices(DEVICES)
  const t = await startTestHub({ devices, alerts: { stock: { min: 3 } } })
  const child = forkOutside(import.meta.url, [t.mqttUrl])
  await nextMessage(child, 'ready', 10_000)
  const rounds: { rules: boolean; rate: number }[] = []
  let offset = 0
  try {
    // Two warm-up rounds (one each way, not counted) so JIT compilation does not land on the first figure.
    for (let r = -2; r < ROUNDS * 2; r++) {
      const rules = r % 2 === 0
      t.hub.alerts.setEnabled(rules)
      await sleep(300)
      const start = t.hub.sensors.stats.accepted
      const t0 = performance.now()
      child.send({ type: 'round', n: N, offset } satisfies ToOutside)
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
  const ratios = on.map((v, i) => v / (off[i] as number))
  const ratio = median(ratios)
  console.log(
    `rules on ${Math.round(median(on))}/s, off ${Math.round(median(off))}/s, ratio ${round(ratio)} (goal ${GOAL}: ${verdict(ratio, GOAL)})`,
  )
  const metrics: Metric[] = [
    {
      metric: 'ingest with rules (500 devices)',
      value: Math.round(median(on)),
      unit: 'readings/s',
      note: 'median of rounds',
    },
    {
      metric: 'ingest without rules',
      value: Math.round(median(off)),
      unit: 'readings/s',
      note: 'the peer: same hub, alerts.setEnabled(false)',
    },
    {
      metric: 'rules on / off',
      value: round(ratio),
      unit: 'ratio',
      note: 'median of paired rounds',
      goal: GOAL,
    },
  ]
  printBench('alert-ingest', metrics)
}

if (process.argv.includes('--outside'))
  await outside(process.argv[process.argv.indexOf('--outside') + 1] as string)
else await main()
