/**
 * Check-ins per second the hub acknowledges durably, against a bare Fastify route on the same machine.
 *
 *   npx tsx tests/bench/checkins.bench.ts      (BENCH_CHECKINS_SEC=12 seconds per target, BENCH_DIR for the disk)
 *
 * Each server runs in a process of its own on plain Node (tests/bench/checkins-server.mjs): the hub (the
 * built code, as a station runs it; rate limit raised out of the way) and a bare Fastify instance whose
 * POST /api/checkins parses the same JSON body and answers 201 with a visit-sized body, doing nothing else.
 * The load is wrk (Debian's package; `npm run bench` installs it as root, else says how), one thread and
 * 50 connections, with tests/bench/checkins.lua giving every request a different valid phone number, so
 * every hub answer is a new visit: validation, HMAC, projection, and a journal append acknowledged only
 * once it is on the disk. The targets are measured in alternating rounds (bare, hub, hub, bare), so a busy
 * disk or CPU slows both alike.
 *
 * Why wrk and not autocannon: on this two-core machine autocannon (JavaScript) needed a core of its own
 * (1.01–1.08 cores at 17,000–25,000 requests a second), as much as the server under test, and the hub
 * needs a little more than a core (main thread, GC helpers, the write pool): together they wanted more
 * than the machine has, so the figure measured how the cores were shared, not the server. Even the bare
 * route's main thread stood idle a quarter of the time under autocannon, 1 % under wrk (C), which sends
 * the same load with about half a core, most of it system calls.
 *
 * The journal's group commit is what makes durable answers cheap: appends that arrive while a write is on
 * its way to the disk share the next one, so the figure reported is how many appends each write carried.
 */
import { fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildServer,
  type Metric,
  nextMessage,
  printBench,
  repoRoot,
  round,
  stopChild,
  verdict,
} from './lib.js'
import { needWrk, type WrkResult, wrkCheckins } from './wrk.js'

const SECONDS = Number(process.env.BENCH_CHECKINS_SEC ?? 12)
const CONNECTIONS = 50
/**
 * Each server first serves this long untimed: the hub's throughput keeps rising for several seconds
 * (V8 optimising its many more functions and sizing its heap), and a station's hub runs for weeks.
 */
const WARMUP_SEC = 5
/** Timed rounds per target, in the order bare, hub, hub, bare, bare, hub, …: SECONDS split between them. */
const ROUNDS = 4
/** wrk takes whole seconds. */
const ROUND_SEC = Math.max(1, Math.round(SECONDS / ROUNDS))
const TIMED_SEC = ROUND_SEC * ROUNDS
const GOAL = '>= 0.5'
/** Phones per round: far more than a round sends, so no phone repeats and no hub answer is a cheap repeat. */
const PHONES_PER_ROUND = 10_000_000

type Target = 'bare' | 'hub'
type RunResult = WrkResult

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
  needWrk()
  await buildServer()
  const dataDir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'bench-checkins-'))
  const servers = { bare: await startServer('bare', dataDir), hub: await startServer('hub', dataDir) }
  try {
    let phoneBase = 0
    const run = async (target: Target, seconds: number) => {
      const r = await wrkCheckins(servers[target].url, { seconds, connections: CONNECTIONS, phoneBase })
      phoneBase += PHONES_PER_ROUND
      return r
    }
    await run('bare', WARMUP_SEC)
    await run('hub', WARMUP_SEC)

    const totals: Record<Target, RunResult[]> = { bare: [], hub: [] }
    const before = await servers.hub.stats()
    const cpu: Record<Target, number> = { bare: 0, hub: 0 }
    const order = Array.from({ length: ROUNDS * 2 }, (_, i): Target => ((i + 1) % 4 < 2 ? 'bare' : 'hub'))
    for (const target of order) {
      const c0 = await servers[target].stats()
      totals[target].push(await run(target, ROUND_SEC))
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
    const p = (rs: RunResult[], k: 'p50' | 'p99') => round(Math.max(...rs.map((r) => r[k])), 1)
    console.log(
      `check-ins, wrk with ${CONNECTIONS} connections, ${TIMED_SEC} s per target in ${ROUNDS} alternating rounds`,
    )
    console.log(
      `bare Fastify route: ${bareRate.toFixed(0)} req/s  (p50 ${p(totals.bare, 'p50')} ms, p99 ${p(totals.bare, 'p99')} ms)`,
    )
    console.log(
      `hub, durable:       ${hubRate.toFixed(0)} req/s  (p50 ${p(totals.hub, 'p50')} ms, p99 ${p(totals.hub, 'p99')} ms), non-2xx or errors: ${bad}`,
    )
    console.log(
      `CPU per answer: bare ${cpuUs('bare').toFixed(0)} µs, hub ${cpuUs('hub').toFixed(0)} µs (hub rounds: ${(cpu.hub / 1000 / hubSeconds).toFixed(2)} cores busy: main thread, GC and the write pool)`,
    )
    const perRound = order.map((target, i) => {
      const r = totals[target][Math.floor(i / 2)] as RunResult
      return `${target} ${((r.requests - r.non2xx) / r.seconds).toFixed(0)}`
    })
    console.log(`rounds (req/s): ${perRound.join(', ')}`)
    console.log(`hub/bare: ${ratio.toFixed(3)} (goal ${GOAL}) ${verdict(ratio, GOAL)}`)
    console.log(
      `journal: ${appends} appends in ${fsyncs} durable writes, ${(appends / Math.max(1, fsyncs)).toFixed(1)} appends per write (${appends - fsyncs} shared one)`,
    )
    const note = `wrk, ${CONNECTIONS} connections, ${TIMED_SEC} s, distinct phones`
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
        note: 'journal group commit: appends per durable write (O_DSYNC)',
      },
      {
        metric: 'checkins_shared_fsync_appends',
        value: appends - fsyncs,
        unit: 'count',
        note: 'appends that rode on another’s durable write',
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
    await stopChild(servers.bare.child, { type: 'stop' })
    await stopChild(servers.hub.child, { type: 'stop' })
    await rm(dataDir, { recursive: true, force: true })
  }
}

await main()
