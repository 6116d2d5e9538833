/**
 * Publish → screen latency at 200 readings/s: from a device's publish to the socket.io `device` event.
 *
 *   npx tsx tests/bench/latency.bench.ts
 *
 * This process runs the hub (startTestHub, ten thermometers). A child runs the outside world: a publisher
 * (QoS 1, as the simulators publish), a real socket.io-client over websocket, and a bare mqtt.js subscriber
 * (QoS 1) on the same broker. Every reading carries its own temperature, so each arrival maps back to its
 * send time; all three live in the child and share its clock. The bare subscriber receives the very same
 * messages in the same run: publish → MQTT delivery is the peer, and the difference is the hub's own share
 * (decode, state, bus, socket.io encode and send).
 */
import mqtt from 'mqtt'
import { io } from 'socket.io-client'
import type { DeviceState } from '../../server/sensors/types.js'
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

const RATE = 200
const WARMUP = 200
const SAMPLES = 4_000
const STRAGGLER_MS = 2_000
const GOAL = '< 20'
const STATION = 'test'
const DEVICES = Array.from({ length: 10 }, (_, i) => ({
  id: `lat-t${i}`,
  kind: 'temperature' as const,
  name: `thermometer ${i}`,
}))

type Samples = { type: 'samples'; sent: number[]; viaIo: number[]; viaMqtt: number[] }

/** Reading i carries -30 + i/100 °C: unique to two decimals, inside the hub's -60…100 range. */
const temperatureOf = (i: number) => (-3000 + i) / 100
const readingIndex = (v: number) => Math.round(v * 100) + 3000

async function outside(httpUrl: string, mqttUrl: string): Promise<void> {
  const total = WARMUP + SAMPLES
  const sent = new Array<number>(total).fill(Number.NaN)
  const viaIo = new Array<number>(total).fill(Number.NaN)
  const viaMqtt = new Array<number>(total).fill(Number.NaN)
  const arrived = (into: number[], v: unknown) => {
    if (typeof v !== 'number') return
    const i = readingIndex(v)
    if (i >= 0 && i < total && Number.isNaN(into[i] as number)) into[i] = monoMs()
  }

  // The bench asks a child that outlives its purpose (an error in the hub process) to go.
  process.on('message', () => process.exit(0))
  const socket = io(httpUrl, { transports: ['websocket'], reconnection: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('state', () => resolve())
    socket.once('connect_error', reject)
  })
  socket.on('device', (d: DeviceState) => arrived(viaIo, d.reading?.temperature))
  const opts = { reconnectPeriod: 0, connectTimeout: 5000 }
  const bare = await mqtt.connectAsync(mqttUrl, { ...opts, clientId: 'bench-latency-bare' })
  await bare.subscribeAsync(`redstation/${STATION}/devices/+`, { qos: 1 })
  bare.on('message', (_topic, payload) => {
    try {
      arrived(viaMqtt, (JSON.parse(payload.toString()) as { temperature?: unknown }).temperature)
    } catch {}
  })
  const pub = await mqtt.connectAsync(mqttUrl, { ...opts, clientId: 'bench-latency-publisher' })

  // Paced on the monotonic clock: reading i is due at start + i × 5 ms; a late tick sends what is due.
  const topics = DEVICES.map((d) => `redstation/${STATION}/devices/${d.id}`)
  const start = monoMs() + 50
  let i = 0
  await new Promise<void>((resolve) => {
    const tick = () => {
      while (i < total && start + (i * 1000) / RATE <= monoMs()) {
        const payload = `{"temperature":${temperatureOf(i).toFixed(2)},"battery":90}`
        sent[i] = monoMs()
        pub.publish(topics[i % topics.length] as string, payload, { qos: 1 })
        i++
      }
      if (i < total) setTimeout(tick, 1)
      else resolve()
    }
    tick()
  })
  const until = monoMs() + STRAGGLER_MS
  while (
    monoMs() < until &&
    (viaIo.slice(WARMUP).some(Number.isNaN) || viaMqtt.slice(WARMUP).some(Number.isNaN))
  )
    await sleep(50)
  process.send?.({ type: 'samples', sent, viaIo, viaMqtt } satisfies Samples)
  socket.close()
  await Promise.allSettled([bare.endAsync(), pub.endAsync()])
  process.exit(0)
}

function describe(name: string, ms: number[]) {
  const [p50, p99, max] = [percentile(ms, 0.5), percentile(ms, 0.99), Math.max(...ms)]
  return {
    name,
    p50,
    p99,
    max,
    text: `p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  max ${max.toFixed(2)} ms`,
  }
}

async function main(): Promise<void> {
  // One client publishes for every device here: lift the broker's per-client flood limit.
  const t = await startTestHub({ devices: DEVICES, mqtt: { embedded: { maxMessagesPerSec: 100_000 } } })
  const child = forkOutside(import.meta.url, [t.url, t.mqttUrl])
  const guard = setTimeout(() => {
    console.error('latency bench: time limit reached')
    child.kill('SIGKILL')
    process.exit(1)
  }, 120_000)
  guard.unref()
  try {
    console.log(`latency bench: ${SAMPLES} readings at ${RATE}/s (after ${WARMUP} warm-up), QoS 1`)
    const s = await nextMessage<Samples>(child, 'samples', 90_000)
    // JSON over IPC turns NaN into null.
    const at = (xs: number[], k: number) => (typeof xs[k] === 'number' ? (xs[k] as number) : Number.NaN)
    const hub: number[] = []
    const bare: number[] = []
    let lostIo = 0
    let lostMqtt = 0
    for (let k = WARMUP; k < s.sent.length; k++) {
      const io = at(s.viaIo, k) - at(s.sent, k)
      const mq = at(s.viaMqtt, k) - at(s.sent, k)
      if (Number.isNaN(io)) lostIo++
      else hub.push(io)
      if (Number.isNaN(mq)) lostMqtt++
      else bare.push(mq)
    }
    const viaHub = describe('publish → socket.io (hub)', hub)
    const viaMqtt = describe('publish → MQTT (bare)', bare)
    console.log(`${viaHub.name}: ${viaHub.text}  (n=${hub.length}, missing ${lostIo})`)
    console.log(`${viaMqtt.name}:   ${viaMqtt.text}  (n=${bare.length}, missing ${lostMqtt})`)
    console.log(
      `hub's own share: p50 +${(viaHub.p50 - viaMqtt.p50).toFixed(2)} ms, p99 +${(viaHub.p99 - viaMqtt.p99).toFixed(2)} ms; ` +
        `p99 goal ${GOAL} ms: ${verdict(viaHub.p99, GOAL)}`,
    )
    const note = `${SAMPLES} readings at ${RATE}/s over ${DEVICES.length} devices, QoS 1`
    const metrics: Metric[] = [
      { metric: 'latency_socketio_p50', value: round(viaHub.p50), unit: 'ms', note },
      { metric: 'latency_socketio_p99', value: round(viaHub.p99), unit: 'ms', note, goal: GOAL },
      { metric: 'latency_socketio_max', value: round(viaHub.max), unit: 'ms', note },
      {
        metric: 'latency_mqtt_p50',
        value: round(viaMqtt.p50),
        unit: 'ms',
        note: 'bare mqtt.js subscriber, same run',
      },
      {
        metric: 'latency_mqtt_p99',
        value: round(viaMqtt.p99),
        unit: 'ms',
        note: 'bare mqtt.js subscriber, same run',
      },
      {
        metric: 'latency_mqtt_max',
        value: round(viaMqtt.max),
        unit: 'ms',
        note: 'bare mqtt.js subscriber, same run',
      },
      {
        metric: 'latency_p99_ratio',
        value: round(viaHub.p99 / viaMqtt.p99),
        unit: 'ratio',
        note: 'socket.io p99 / MQTT p99',
      },
      {
        metric: 'latency_missing',
        value: lostIo,
        unit: 'readings',
        note: `never seen on socket.io within ${STRAGGLER_MS} ms (MQTT: ${lostMqtt})`,
      },
    ]
    printBench('latency', metrics)
  } finally {
    await stopChild(child, { type: 'stop' })
    await t.close()
    clearTimeout(guard)
  }
}

if (process.argv[2] === '--outside') await outside(process.argv[3] as string, process.argv[4] as string)
else await main()
