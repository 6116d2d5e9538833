/**
 * Hub memory under a long simulated load: RSS after BENCH_SOAK_MIN minutes (default 10), and whether it is flat.
 *
 *   BENCH_SOAK_MIN=1 npx tsx tests/bench/memory.bench.ts        (a quick look; the figure of record is 10)
 *
 * The hub runs as the station runs it, a process of its own on the built code (`node dist/server/main.js
 * --config …`; the server is compiled first with tsc, since a tsx loader in the process would be measured too)
 * with a temp station file and data folder. This process is the outside world: the device simulators (50
 * devices, a reading or heartbeat every 200 ms each, about 250 messages/s) and three socket.io screens. The
 * hub's VmRSS is read from /proc every 10 s. The peer is the same hub idle, before the load starts; "flat" is
 * the least-squares slope over the second half of the soak.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { stringify } from 'yaml'
import { type SimDevice, startSimulators } from '../../devices/simulators.js'
import {
  buildServer,
  freePort,
  type Metric,
  median,
  monoMs,
  printBench,
  repoRoot,
  round,
  sleep,
  slope,
  verdict,
} from './lib.js'

const SOAK_MIN = Number(process.env.BENCH_SOAK_MIN ?? 10)
const SAMPLE_MS = 10_000
const IDLE_MS = 30_000
const INTERVAL_MS = 200
const SCREENS = 3
const RSS_GOAL = '< 150'
const SLOPE_GOAL = '<= 0.5'
const STATION = 'soak'

/** 15 fridges (thermometer + door), 10 locker doors, 10 medicine-box compartments (5 on a scale): 50. */
function soakDevices(): Array<SimDevice & { name: string }> {
  const two = (i: number) => String(i + 1).padStart(2, '0')
  return [
    ...Array.from({ length: 15 }, (_, i) => [
      { id: `fridge-${two(i)}-temp`, kind: 'temperature' as const, name: `冰箱 ${i + 1} 温度` },
      { id: `fridge-${two(i)}-door`, kind: 'door' as const, name: `冰箱 ${i + 1} 门` },
    ]).flat(),
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `locker-${two(i)}-door`,
      kind: 'door' as const,
      name: `柜门 ${i}`,
    })),
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `medbox-${two(i)}`,
      kind: 'stock' as const,
      name: `药箱 ${i + 1}`,
      ...(i % 2 === 0 ? { unitWeight: 2.5 } : {}),
    })),
  ]
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1])
  return kb / 1024
}

/** Seconds of CPU (user + system) the process has used, from /proc/<pid>/stat. */
async function cpuSec(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function health(
  url: string,
): Promise<{ status: string; sensors: { accepted: number; rejected: number } }> {
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
  return (await res.json()) as { status: string; sensors: { accepted: number; rejected: number } }
}

function startHub(configPath: string): { child: ChildProcess; tail: string[] } {
  const child = spawn(process.execPath, ['dist/server/main.js', '--config', configPath], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const tail: string[] = []
  const keep = (d: Buffer) => {
    tail.push(...d.toString().trimEnd().split('\n'))
    tail.splice(0, Math.max(0, tail.length - 30))
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return { child, tail }
}

async function stopHub(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(15_000)])
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

const root = await mkdtemp(join(tmpdir(), 'bench-memory-'))
const [httpPort, mqttPort] = [await freePort(), await freePort()]
const devices = soakDevices()
const configPath = join(root, 'station.yaml')
await writeFile(
  configPath,
  stringify({
    station: { id: STATION, name: '内存测试驿站' },
    http: { host: '127.0.0.1', port: httpPort },
    // One client publishes for many devices here: lift the broker's per-client flood limit.
    mqtt: {
      embedded: { host: '127.0.0.1', port: mqttPort, allowAnonymous: true, maxMessagesPerSec: 100_000 },
    },
    store: { dataDir: join(root, 'data') },
    devices: devices.map(({ id, kind, name, unitWeight }) => ({
      id,
      kind,
      name,
      ...(unitWeight ? { unitWeight } : {}),
    })),
  }),
)
const url = `http://127.0.0.1:${httpPort}`
await buildServer()
const { child: hub, tail } = startHub(configPath)
const pid = hub.pid as number
const killHub = () => hub.kill('SIGKILL')
process.on('exit', killHub)
const guard = setTimeout(
  () => {
    console.error('memory bench: time limit reached')
    process.exit(1)
  },
  SOAK_MIN * 60_000 + IDLE_MS + 180_000,
)
guard.unref()
let simulators: Awaited<ReturnType<typeof startSimulators>> | null = null
const screens: Socket[] = []

try {
  const up = monoMs()
  for (;;) {
    if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}):\n${tail.join('\n')}`)
    if ((await health(url).catch(() => null))?.status === 'ok') break
    if (monoMs() - up > 60_000) throw new Error(`the hub did not come up within 60 s:\n${tail.join('\n')}`)
    await sleep(250)
  }
  console.log(
    `memory bench: hub pid ${pid} up in ${((monoMs() - up) / 1000).toFixed(1)} s; idle ${IDLE_MS / 1000} s`,
  )
  await sleep(IDLE_MS - 10_000)
  const idleSamples: number[] = []
  for (let i = 0; i < 3; i++) {
    idleSamples.push(await rssMb(pid))
    if (i < 2) await sleep(5000)
  }
  const idle = median(idleSamples)
  console.log(`idle RSS ${idle.toFixed(1)} MB (${idleSamples.map((x) => x.toFixed(1)).join(', ')})`)

  simulators = await startSimulators({
    url: `mqtt://127.0.0.1:${mqttPort}`,
    stationId: STATION,
    devices,
    intervalMs: INTERVAL_MS,
    heartbeatMs: INTERVAL_MS,
    speed: 10,
  })
  await Promise.race([simulators.ready, sleep(20_000)])
  let pushed = 0
  for (let i = 0; i < SCREENS; i++) {
    const s = io(url, { transports: ['websocket'], reconnection: true })
    s.on('device', () => {
      pushed++
    })
    screens.push(s)
  }

  const warmupMin = round(Math.min(1, SOAK_MIN * 0.2), 2)
  const loadStart = monoMs()
  const h0 = await health(url)
  const cpu0 = await cpuSec(pid)
  const samples: Array<{ min: number; mb: number }> = []
  console.log(
    `load: ${devices.length} simulated devices every ${INTERVAL_MS} ms, ${SCREENS} screens, ${SOAK_MIN} min`,
  )
  for (let k = 1; k * SAMPLE_MS <= SOAK_MIN * 60_000; k++) {
    await sleep(Math.max(0, loadStart + k * SAMPLE_MS - monoMs()))
    if (hub.exitCode !== null) throw new Error(`the hub exited under load:\n${tail.join('\n')}`)
    const sample = { min: (monoMs() - loadStart) / 60_000, mb: await rssMb(pid) }
    samples.push(sample)
    if (k % 6 === 0 || k === 1) console.log(`  ${sample.min.toFixed(2)} min: RSS ${sample.mb.toFixed(1)} MB`)
  }
  console.log(`RSS every ${SAMPLE_MS / 1000} s (MB): ${samples.map((s) => s.mb.toFixed(1)).join(' ')}`)
  const h1 = await health(url)
  const loadSec = (monoMs() - loadStart) / 1000
  const cpu = ((await cpuSec(pid)) - cpu0) / loadSec
  const rate = (h1.sensors.accepted - h0.sensors.accepted) / loadSec

  const after = samples.filter((s) => s.min >= warmupMin)
  const start = after[0]?.mb ?? Number.NaN
  const end = samples.at(-1)?.mb ?? Number.NaN
  const max = Math.max(...after.map((s) => s.mb))
  const half = samples.filter((s) => s.min >= SOAK_MIN / 2)
  const perMin = slope(
    half.map((s) => s.min),
    half.map((s) => s.mb),
  )
  console.log(
    `hub accepted ${rate.toFixed(0)} msg/s (rejected ${h1.sensors.rejected}), CPU ${(cpu * 100).toFixed(0)} % of a core, ` +
      `screens got ${pushed} pushes`,
  )
  console.log(
    `RSS idle ${idle.toFixed(1)} MB; under load start ${start.toFixed(1)} MB (after ${warmupMin} min), ` +
      `end ${end.toFixed(1)} MB, max ${max.toFixed(1)} MB (goal ${RSS_GOAL} MB) ${verdict(max, RSS_GOAL)}`,
  )
  console.log(
    `slope over the last ${SOAK_MIN / 2} min: ${perMin.toFixed(3)} MB/min (goal ${SLOPE_GOAL}) ${verdict(perMin, SLOPE_GOAL)}`,
  )
  const note = `${devices.length} devices every ${INTERVAL_MS} ms (${rate.toFixed(0)} msg/s), ${SCREENS} screens, ${SOAK_MIN} min`
  const metrics: Metric[] = [
    {
      metric: 'memory_idle_rss',
      value: round(idle, 1),
      unit: 'MB',
      note: 'same hub, no load, before the soak',
    },
    {
      metric: 'memory_start_rss',
      value: round(start, 1),
      unit: 'MB',
      note: `${note}; after ${warmupMin} min warm-up`,
    },
    { metric: 'memory_end_rss', value: round(end, 1), unit: 'MB', note, goal: RSS_GOAL },
    {
      metric: 'memory_max_rss',
      value: round(max, 1),
      unit: 'MB',
      note: `${note}; after warm-up`,
      goal: RSS_GOAL,
    },
    {
      metric: 'memory_slope',
      value: round(perMin, 3),
      unit: 'MB/min',
      note: `least squares over the last ${SOAK_MIN / 2} min, samples every ${SAMPLE_MS / 1000} s`,
      goal: SLOPE_GOAL,
    },
    { metric: 'memory_end_vs_idle', value: round(end / idle, 2), unit: 'ratio', note: 'end RSS / idle RSS' },
    {
      metric: 'memory_load_rate',
      value: Math.round(rate),
      unit: 'msg/s',
      note: 'readings accepted by the hub',
    },
    {
      metric: 'memory_hub_cpu',
      value: Math.round(cpu * 100),
      unit: '% core',
      note: 'hub process CPU under the load',
    },
  ]
  printBench('memory', metrics)
} finally {
  for (const s of screens) s.close()
  await simulators?.stop()
  await stopHub(hub)
  process.off('exit', killHub)
  clearTimeout(guard)
  await rm(root, { recursive: true, force: true })
}
