/**
 * Check-ins per second the hub acknowledges durably, against a bare Fastify route on the same machine.
 *
 *   npx tsx tests/bench/checkins.bench.ts      (BENCH_CHECKINS_SEC=10 seconds per target, BENCH_DIR for the disk)
 *
 * Each server runs in a process of its own on plain Node (tests/bench/checkins-server.mjs): the hub (the
 * built code, as a station runs it; rate limit raised out of the way) and a bare Fastify instance whose
 * POST /api/checkins parses the same JSON body and answers 201 with a visit-sized body, doing nothing else. A child process runs autocannon (50 connections), as the kiosks and
 * phones would be apart from the hub. Every request carries a different valid phone number (prepared before
 * the run), so every hub answer is a new visit: validation, HMAC, projection, and a journal append
 * acknowledged only after its fsync. The targets are measured in alternating rounds (bare, hub, hub, bare),
 * so a busy disk or CPU slows both alike.
 *
 * The journal's group commit is what makes this work: appends that arrive while an fsync is in flight share
 * the next one, so the figure reported is how many appends each fsync carried.
 *
 * Reading the figures: with 50 connections the hub's thread is busy nearly all the time (its CPU per answer
 * and the cores it used are reported), so the ratio is mostly CPU per answer, hub against bare; the fsyncs
 * add latency (p50) more than they cost throughput. BENCH_DIR=/dev/shm (fsync costs nothing) shows what the
 * CPU alone allows.
 */
import { fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildServer,
  forkOutside,
  type Metric,
  nextMessage,
  printBench,
  repoRoot,
  round,
  stopChild,
  verdict,
} from './lib.js'

const SECONDS = Number(process.env.BENCH_CHECKINS_SEC ?? 10)
const CONNECTIONS = 50
/**
 * Each server first serves this long untimed: the hub's throughput keeps rising for several seconds
 * (V8 optimising its many more functions and sizing its heap), and a station's hub runs for weeks.
 */
const WARMUP_SEC = 5
/** Timed rounds per target, in the order bare, hub, hub, bare, bare, hub, …: SECONDS split between them. */
const ROUNDS = 4
const GOAL = '>= 0.5'
/** Distinct phones per connection and run: more than a connection sends in a round, so none repeats. */
const PER_CONNECTION = 2_000

type Target = 'bare' | 'hub'
type ToOutside = { type: 'run'; url: string; seconds: number; phoneBase: number } | { type: 'stop' }
interface RunResult {
  type: 'result'
  requests: number
  non2xx: number
  errors: number
  seconds: number
  p50: number
  p99: number
}

/** Distinct valid mainland mobile numbers: 13x…19x, then nine digits of the counter. */
const phoneOf = (i: number) => `1${3 + (i % 7)}${String(Math.floor(i / 7) % 1e9).padStart(9, '0')}`

/** The child: autocannon against whatever URL the parent names, one run at a time. */
async function outside(): Promise<void> {
  // autocannon ships no types; this is the part of its API used here.
  type Autocannon = (opts: Record<string, unknown>) => Promise<{
    requests: { total: number }
    latency: { p50: number; p99: number }
    non2xx: number
    errors: number
    duration: number
  }>
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
  process.on('message', async (m: ToOutside) => {
    if (m.type === 'stop') process.exit(0)
    // Each connection gets its own list of distinct requests, built once: a setupRequest that builds every
    // request on the fly costs the load generator more than the bare server spends answering it.
    let client = 0
    const headers = { 'content-type': 'application/json' }
    const requestsOf = (first: number) =>
      Array.from({ length: PER_CONNECTION }, (_, k) => ({
        method: 'POST',
        path: '/api/checkins',
        headers,
        body: JSON.stringify({
          phone: phoneOf(first + k),
          platform: 'meituan',
          purposes: ['rest', 'charge'],
        }),
      }))
    const r = await autocannon({
      url: m.url,
      connections: CONNECTIONS,
      duration: m.seconds,
      requests: requestsOf(m.phoneBase).slice(0, 1),
      setupClient: (c: { setRequests(r: unknown[]): void }) =>
        c.setRequests(requestsOf(m.phoneBase + client++ * PER_CONNECTION)),
    })
    process.send?.({
      type: 'result',
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
      seconds: r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
    } satisfies RunResult)
  })
  process.send?.({ type: 'ready' })
}

interface ServerStats {
  type: 'stats'
  cpuMs: number
  appends: number
  fsyncs: number
}

/** One server in a process of its own on plain Node (see checkins-server.mjs); resolves once it listens. */
async function startServer(role: Target, dataDir: string) {
  const child = fork(join(repoRoot, 'tests/bench/checkins-server.mjs'), [role, dataDir], {
    cwd: repoRoot,
    execArgv: [],
  })
  const { url } = await nextMessage<{ type: 'ready'; url: string }>(child, 'ready', 30_000)
  return {
    url,
    child,
    stats: () => {
      child.send({ type: 'stats' })
      return nextMessage<ServerStats>(child, 'stats', 5000)
    },
  }
}

async function main(): Promise<void> {
  await buildServer()
  const dataDir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'bench-checkins-'))
  const servers = { bare: await startServer('bare', dataDir), hub: await startServer('hub', dataDir) }
  const child = forkOutside(import.meta.url, [])
  try {
    await nextMessage(child, 'ready', 10_000)
    let phoneBase = 0
    const run = async (target: Target, seconds: number) => {
      child.send({ type: 'run', url: servers[target].url, seconds, phoneBase } satisfies ToOutside)
      phoneBase += CONNECTIONS * PER_CONNECTION // no phone is reused, so no hub answer is a cheap repeat
      return nextMessage<RunResult>(child, 'result', (seconds + 30) * 1000)
    }
    await run('bare', WARMUP_SEC)
    await run('hub', WARMUP_SEC)

    const totals: Record<Target, RunResult[]> = { bare: [], hub: [] }
    const before = await servers.hub.stats()
    const cpu: Record<Target, number> = { bare: 0, hub: 0 }
    const order = Array.from({ length: ROUNDS * 2 }, (_, i): Target => ((i + 1) % 4 < 2 ? 'bare' : 'hub'))
    for (const target of order) {
      const c0 = await servers[target].stats()
      totals[target].push(await run(target, SECONDS / ROUNDS))
      cpu[target] += (await servers[target].stats()).cpuMs - c0.cpuMs
    }
    const after = await servers.hub.stats()

    // Only 2xx answers count: a 429 or an error is cheap and would flatter the hub.
    const ok = (rs: RunResult[]) => rs.reduce((n, r) => n + r.requests - r.non2xx, 0)
    const rate = (rs: RunResult[]) => ok(rs) / rs.reduce((n, r) => n + r.seconds, 0)
    const cpuUs = (target: Target) => (cpu[target] * 1000) / Math.max(1, ok(totals[target]))
    const [bareRate, hubRate] = [rate(totals.bare), rate(totals.hub)]
    const hubSeconds = totals.hub.reduce((n, r) => n + r.seconds, 0)
    const ratio = hubRate / bareRate
    const appends = after.appends - before.appends
    const fsyncs = after.fsyncs - before.fsyncs
    const bad = totals.hub.reduce((n, r) => n + r.non2xx + r.errors, 0)
    const p = (rs: RunResult[], k: 'p50' | 'p99') => Math.max(...rs.map((r) => r[k]))
    console.log(`check-ins, ${CONNECTIONS} connections, ${SECONDS} s per target in alternating rounds`)
    console.log(
      `bare Fastify route: ${bareRate.toFixed(0)} req/s  (p50 ${p(totals.bare, 'p50')} ms, p99 ${p(totals.bare, 'p99')} ms)`,
    )
    console.log(
      `hub, durable:       ${hubRate.toFixed(0)} req/s  (p50 ${p(totals.hub, 'p50')} ms, p99 ${p(totals.hub, 'p99')} ms), non-2xx or errors: ${bad}`,
    )
    console.log(
      `CPU per answer: bare ${cpuUs('bare').toFixed(0)} µs, hub ${cpuUs('hub').toFixed(0)} µs (hub rounds: ${(cpu.hub / 1000 / hubSeconds).toFixed(2)} cores busy, main thread and fsync pool)`,
    )
    const perRound = order.map((target, i) => {
      const r = totals[target][Math.floor(i / 2)] as RunResult
      return `${target} ${((r.requests - r.non2xx) / r.seconds).toFixed(0)}`
    })
    console.log(`rounds (req/s): ${perRound.join(', ')}`)
    console.log(`hub/bare: ${ratio.toFixed(3)} (goal ${GOAL}) ${verdict(ratio, GOAL)}`)
    console.log(
      `journal: ${appends} appends in ${fsyncs} fsyncs, ${(appends / Math.max(1, fsyncs)).toFixed(1)} appends per fsync (${appends - fsyncs} shared one)`,
    )
    const note = `${CONNECTIONS} connections, ${SECONDS} s, distinct phones`
    const metrics: Metric[] = [
      {
        metric: 'checkins_bare_rps',
        value: round(bareRate, 0),
        unit: 'req/s',
        note: `bare Fastify route, ${note}`,
      },
      {
        metric: 'checkins_hub_rps',
        value: round(hubRate, 0),
        unit: 'req/s',
        note: `POST /api/checkins, durable, ${note}`,
      },
      {
        metric: 'checkins_hub_bare_ratio',
        value: round(ratio),
        unit: 'ratio',
        note: 'hub/bare req/s',
        goal: GOAL,
      },
      {
        metric: 'checkins_hub_p99',
        value: p(totals.hub, 'p99'),
        unit: 'ms',
        note: `worst round p99, ${note}`,
      },
      {
        metric: 'checkins_appends_per_fsync',
        value: round(appends / Math.max(1, fsyncs), 1),
        unit: 'ratio',
        note: 'journal group commit',
      },
      {
        metric: 'checkins_shared_fsync_appends',
        value: appends - fsyncs,
        unit: 'count',
        note: 'appends that rode on another’s fsync',
      },
      {
        metric: 'checkins_hub_failed',
        value: bad,
        unit: 'count',
        note: 'non-2xx answers and errors in the hub rounds',
      },
    ]
    printBench('checkins', metrics)
  } finally {
    await stopChild(child, { type: 'stop' } satisfies ToOutside)
    await stopChild(servers.bare.child, { type: 'stop' })
    await stopChild(servers.hub.child, { type: 'stop' })
    await rm(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--outside') await outside()
else await main()
