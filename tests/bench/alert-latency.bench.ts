/**
 * Issue #4: from a reading that crosses a threshold (rule with no delay) to the alert on a manager's socket.
 * Goal: p99 < 50 ms. Peer, in the same run: the same reading to the kiosk's `device` event (no rules in the
 * way), so the alert path's own share is visible.
 *
 *   npx tsx tests/bench/alert-latency.bench.ts   (BENCH_ALERT_SAMPLES=300)
 *
 * Each sample: the fridge is cooled (alert clears at once: clearAfterMin 0), then a warm reading is
 * published and timed to the `alert` `raised` event on /manager and to the `device` event on /.
 */
import mqtt from 'mqtt'
import { io } from 'socket.io-client'
import { loginAs, startTestHub } from '../support/hub.js'
import { type Metric, percentile, printBench, round, sleep, verdict } from './lib.js'

const SAMPLES = Number(process.env.BENCH_ALERT_SAMPLES ?? 300)
const GOAL = '< 50'

const t = await startTestHub({
  alerts: { temperature: { food: { delayMin: 0, clearAfterMin: 0 } } },
  // One client publishes for every device here: lift the broker's per-client flood limit.
  mqtt: { embedded: { maxMessagesPerSec: 100_000 } },
})
const cookie = await loginAs(t, 'manager')
const manager = io(`${t.url}/manager`, { transports: ['websocket'], extraHeaders: { cookie } })
const kiosk = io(t.url, { transports: ['websocket'] })
await Promise.all([manager, kiosk].map((s) => new Promise<void>((r) => s.once('connect', () => r()))))
const pub = await mqtt.connectAsync(t.mqttUrl, { reconnectPeriod: 0 })
const publish = (v: number) =>
  pub.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: v }), { qos: 0 })

const alertMs: number[] = []
const deviceMs: number[] = []
try {
  for (let i = 0; i < SAMPLES; i++) {
    const cleared = new Promise((r) => manager.once('alert', r))
    await publish(3)
    if (i > 0) await Promise.race([cleared, sleep(1000)])
    await sleep(5)
    const warm = 6 + (i % 50) / 100
    const t0 = performance.now()
    const gotAlert = new Promise<number>((resolve) => {
      const on = (m: { event: string }) => {
        if (m.event !== 'raised') return
        manager.off('alert', on)
        resolve(performance.now() - t0)
      }
      manager.on('alert', on)
    })
    const gotDevice = new Promise<number>((resolve) => {
      const on = (d: { id: string; reading: { temperature?: number } | null }) => {
        if (d.id !== 'fridge-temp' || d.reading?.temperature !== warm) return
        kiosk.off('device', on)
        resolve(performance.now() - t0)
      }
      kiosk.on('device', on)
    })
    await publish(warm)
    const [a, d] = await Promise.all([gotAlert, gotDevice])
    alertMs.push(a)
    deviceMs.push(d)
  }
} finally {
  manager.close()
  kiosk.close()
  await pub.endAsync()
  await t.close()
}
const p = (xs: number[], q: number) => round(percentile(xs, q), 2)
console.log(
  `reading → alert on /manager: p50 ${p(alertMs, 0.5)} ms, p99 ${p(alertMs, 0.99)} ms (goal ${GOAL}: ${verdict(p(alertMs, 0.99), GOAL)})`,
)
console.log(`reading → device on /: p50 ${p(deviceMs, 0.5)} ms, p99 ${p(deviceMs, 0.99)} ms (peer)`)
const metrics: Metric[] = [
  { metric: 'reading → alert p50', value: p(alertMs, 0.5), unit: 'ms', note: `${SAMPLES} samples` },
  {
    metric: 'reading → alert p99',
    value: p(alertMs, 0.99),
    unit: 'ms',
    note: `${SAMPLES} samples`,
    goal: GOAL,
  },
  {
    metric: 'reading → device p99 (peer)',
    value: p(deviceMs, 0.99),
    unit: 'ms',
    note: 'the same reading on the kiosk socket',
  },
]
printBench('alert-latency', metrics)
