/**
 * Readings per second the hub turns into device state, against a bare mqtt.js subscriber on the same broker.
 *
 *   npx tsx tests/bench/ingest.bench.ts        (BENCH_INGEST_N=50000 readings a round, BENCH_INGEST_ROUNDS=5)
 *
 * Two processes, as on the station: this one runs the hub with its embedded broker (startTestHub, 100
 * devices); a child runs the outside world, one publisher and one bare subscriber. The publisher sends N
 * readings as fast as it can across the devices; the hub is done when `sensors.stats.accepted` has grown by N,
 * the bare subscriber when it has received N. Both are subscribed to the same topics at QoS 1 in every round,
 * so the broker fans each message out twice for both, and both are timed from the same first publish on the
 * machine's monotonic clock. The figures are medians of rounds that alternate QoS 0 and QoS 1.
 *
 * The broker and the hub share one thread, so what the hub spends also slows the broker's delivery to the bare
 * subscriber: hub/bare says whether the hub keeps up with its broker, not what it costs. So, in alternation
 * with the hub rounds, the same traffic goes to a second embedded broker in this process with a plain
 * mqtt.js client in the hub's place (same fan-out of two, same thread layout): hub/plain is the hub's cost.
 * The time spent in `sensors.handle` per reading is reported as well.
 */
import { performance } from 'node:perf_hooks'
import mqtt from 'mqtt'
import { startEmbeddedBroker } from '../../server/mqtt/broker.js'
import { subscriptions } from '../../server/sensors/topics.js'
import { startTestHub } from '../support/hub.js'
import {
  type BenchKind,
  benchDevices,
  benchPayload,
  forkOutside,
  type Metric,
  median,
  monoMs,
  nextMessage,
  printBench,
  round,
  sleep,
  stopChild,
  verdict,
} from './lib.js'

const N = Number(process.env.BENCH_INGEST_N ?? 50_000)
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 5)
const DEVICES = 100
const ROUND_TIMEOUT_MS = 30_000
const SETTLE_MS = 2_000
const GOAL = '>= 0.8'
const STATION = 'test'
const TOPICS = subscriptions(STATION, 'zigbee2mqtt')

/** `hub`: the hub's broker and the hub; `plain`: a second broker with a plain mqtt.js client in its place. */
type Target = 'hub' | 'plain'
type ToOutside = { type: 'round'; n: number; qos: 0 | 1; target: Target } | { type: 'stop' }
type Result = { type: 'result'; t0: number; pubEnd: number; bareEnd: number; bareReceived: number }
type FromOutside = { type: 'ready' } | Result

interface Round {
  qos: 0 | 1
  target: Target
  /** Readings/s of the subscriber in this process: the hub, or the plain client. */
  inRate: number
  bareRate: number
  complete: boolean
  /** µs in sensors.handle per reading (hub rounds). */
  handleUs: number
}

/** The child: per broker a publisher and a bare subscriber, driven round by round over IPC. */
async function outside(urls: Record<Target, string>, devices: Array<{ id: string; kind: BenchKind }>) {
  const send = (m: FromOutside) => process.send?.(m)
  let target = 0
  let received = 0
  let bareEnd = 0
  let bareDone = () => {}
  const onMessage = () => {
    if (++received === target) {
      bareEnd = monoMs()
      bareDone()
    }
  }
  const opts = { reconnectPeriod: 0, connectTimeout: 5000 }
  const clients = async (side: Target) => {
    const pub = await mqtt.connectAsync(urls[side], { ...opts, clientId: `bench-ingest-publisher-${side}` })
    const bare = await mqtt.connectAsync(urls[side], { ...opts, clientId: `bench-ingest-bare-${side}` })
    await bare.subscribeAsync(TOPICS, { qos: 1 })
    bare.on('message', onMessage)
    return { pub, bare }
  }
  const sides = { hub: await clients('hub'), plain: await clients('plain') }
  const topics = devices.map((d) => `redstation/${STATION}/devices/${d.id}`)

  async function runRound(n: number, qos: 0 | 1, side: Target): Promise<void> {
    const { pub } = sides[side]
    received = 0
    target = n
    bareEnd = 0
    const bareFinished = new Promise<void>((resolve) => {
      bareDone = resolve
    })
    let acked = 0
    let allAcked = () => {}
    const acks = new Promise<void>((resolve) => {
      allAcked = resolve
    })
    const onAck = () => {
      if (++acked === n) allAcked()
    }
    const t0 = monoMs()
    for (let i = 0; i < n; i++) {
      const d = i % devices.length
      const payload = benchPayload((devices[d] as { kind: BenchKind }).kind, i)
      if (qos === 1) pub.publish(topics[d] as string, payload, { qos: 1 }, onAck)
      else pub.publish(topics[d] as string, payload, { qos: 0 })
      // Let the socket write and the bare subscriber read between bursts.
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve))
    }
    if (qos === 0) allAcked()
    const timeout = sleep(ROUND_TIMEOUT_MS)
    await Promise.race([acks, timeout])
    const pubEnd = monoMs()
    await Promise.race([bareFinished, timeout])
    send({ type: 'result', t0, pubEnd, bareEnd, bareReceived: received })
  }

  process.on('message', (m: ToOutside) => {
    if (m.type === 'stop') {
      const all = Object.values(sides).flatMap((c) => [c.pub.endAsync(), c.bare.endAsync()])
      Promise.allSettled(all).finally(() => process.exit(0))
      return
    }
    runRound(m.n, m.qos, m.target).catch((err) => {
      console.error(err)
      process.exit(1)
    })
  })
  send({ type: 'ready' })
}

function summarise(rounds: Round[], qos: 0 | 1): Metric[] {
  const hubs = rounds.filter((r) => r.qos === qos && r.target === 'hub')
  const plains = rounds.filter((r) => r.qos === qos && r.target === 'plain')
  const hub = median(hubs.map((r) => r.inRate))
  const bare = median(hubs.map((r) => r.bareRate))
  const ratio = median(hubs.map((r) => r.inRate / r.bareRate))
  const plain = median(plains.map((r) => r.inRate))
  const handleUs = median(hubs.map((r) => r.handleUs))
  const incomplete = [...hubs, ...plains].filter((r) => !r.complete).length
  const note =
    `${N} readings over ${DEVICES} devices, QoS ${qos} publish, median of ${hubs.length} rounds` +
    (incomplete ? `, ${incomplete} round(s) hit the ${ROUND_TIMEOUT_MS / 1000} s limit` : '')
  console.log(
    `QoS ${qos}: hub ${Math.round(hub)} msg/s, bare ${Math.round(bare)} msg/s, hub/bare ${ratio.toFixed(2)} ` +
      `(goal ${GOAL}) ${verdict(ratio, GOAL)}; plain client in the hub's place ${Math.round(plain)} msg/s ` +
      `(hub/plain ${(hub / plain).toFixed(2)}); sensors.handle ${handleUs.toFixed(1)} µs/reading`,
  )
  const m = (metric: string, value: number, unit: string, text: string, goal?: string): Metric => ({
    metric: `ingest_qos${qos}_${metric}`,
    value,
    unit,
    note: text,
    ...(goal ? { goal } : {}),
  })
  return [
    m('hub_rate', Math.round(hub), 'msg/s', note),
    m('bare_rate', Math.round(bare), 'msg/s', `bare mqtt.js subscriber on the hub's broker, same rounds`),
    m('ratio', round(ratio), 'ratio', 'hub/bare, median of per-round ratios', GOAL),
    m('plain_rate', Math.round(plain), 'msg/s', `plain mqtt.js client in the hub's place, own broker`),
    m('hub_vs_plain', round(hub / plain), 'ratio', 'hub/plain: what the hub costs its thread'),
    m('handle_us', round(handleUs, 2), 'µs/reading', 'in sensors.handle: decode, state, history, socket.io'),
  ]
}

async function main(): Promise<void> {
  const devices = benchDevices(DEVICES, 'ing')
  // One client publishes for every device here: lift the broker's per-client flood limit.
  const t = await startTestHub({ devices, mqtt: { embedded: { maxMessagesPerSec: 100_000 } } })
  const second = await startEmbeddedBroker(t.config)
  const plain = await mqtt.connectAsync(second.url, { reconnectPeriod: 0, clientId: 'bench-ingest-plain' })
  await plain.subscribeAsync(TOPICS, { qos: 1 })
  let plainCount = 0
  plain.on('message', () => {
    plainCount++
  })
  const child = forkOutside(import.meta.url, [JSON.stringify({ hub: t.mqttUrl, plain: second.url })], {
    BENCH_DEVICES: JSON.stringify(devices),
  })
  const stats = t.hub.sensors.stats
  // Times every call into the registry (decode, state, and the bus listeners: history, socket.io).
  const sensors = t.hub.sensors
  const handle = sensors.handle.bind(sensors)
  let handleMs = 0
  sensors.handle = (topic, payload) => {
    const start = performance.now()
    handle(topic, payload)
    handleMs += performance.now() - start
  }
  // Ends the whole bench if something hangs: it must stop by itself.
  const guard = setTimeout(
    () => {
      console.error('ingest bench: overall time limit reached')
      child.kill('SIGKILL')
      process.exit(1)
    },
    (ROUNDS * 4 + 2) * (ROUND_TIMEOUT_MS * 2 + SETTLE_MS) + 60_000,
  )
  guard.unref()

  async function measure(n: number, qos: 0 | 1, target: Target): Promise<Round> {
    const count = target === 'hub' ? () => stats.accepted : () => plainCount
    const base = count()
    handleMs = 0
    let end = 0
    const poll = setInterval(() => {
      if (!end && count() - base >= n) end = monoMs()
    }, 1)
    child.send({ type: 'round', n, qos, target } satisfies ToOutside)
    const r = await nextMessage<Result>(child, 'result', ROUND_TIMEOUT_MS * 2 + 10_000)
    while (!end && monoMs() - r.t0 < ROUND_TIMEOUT_MS) await sleep(5)
    clearInterval(poll)
    const got = count() - base
    // An incomplete round counts what arrived up to the time limit.
    const out: Round = {
      qos,
      target,
      inRate: (Math.min(got, n) / ((end || monoMs()) - r.t0)) * 1000,
      bareRate: (r.bareReceived / ((r.bareEnd || r.pubEnd) - r.t0)) * 1000,
      complete: end > 0 && r.bareEnd > 0,
      handleUs: (handleMs * 1000) / Math.max(1, got),
    }
    await sleep(SETTLE_MS)
    return out
  }

  try {
    await nextMessage(child, 'ready', 20_000)
    console.log(
      `ingest bench: ${DEVICES} devices, ${N} readings a round, ${ROUNDS} rounds per QoS and target`,
    )
    for (const target of ['hub', 'plain'] as const) await measure(Math.round(N / 5), 0, target)
    const flag = (r: Round) => (r.complete ? '' : ' (INCOMPLETE at time limit)')
    const rounds: Round[] = []
    const order: Array<[0 | 1, Target]> = [
      [0, 'hub'],
      [0, 'plain'],
      [1, 'hub'],
      [1, 'plain'],
    ]
    for (let i = 0; i < ROUNDS; i++) {
      for (const [qos, target] of i % 2 === 0 ? order : [...order].reverse()) {
        const r = await measure(N, qos, target)
        rounds.push(r)
        const extra = target === 'hub' ? `, sensors.handle ${r.handleUs.toFixed(1)} µs/reading` : ''
        console.log(
          `round ${i + 1} QoS ${qos} ${target.padEnd(5)}: ${target} ${Math.round(r.inRate)} msg/s, ` +
            `bare ${Math.round(r.bareRate)} msg/s, ratio ${(r.inRate / r.bareRate).toFixed(2)}${extra}${flag(r)}`,
        )
      }
    }
    console.log(`hub totals: accepted ${stats.accepted}, rejected ${stats.rejected}`)
    printBench('ingest', [...summarise(rounds, 0), ...summarise(rounds, 1)])
  } finally {
    await stopChild(child, { type: 'stop' } satisfies ToOutside)
    await plain.endAsync()
    await second.close()
    await t.close()
    clearTimeout(guard)
  }
}

if (process.argv[2] === '--outside') {
  await outside(JSON.parse(process.argv[3] as string), JSON.parse(process.env.BENCH_DEVICES ?? '[]'))
} else {
  await main()
}
