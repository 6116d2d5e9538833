/**
 * Charging lockers: what polling three boards of 16 locks costs the hub's CPU, against no boards.
 *
 *   npx tsx tests/bench/lock-board-cpu.bench.ts        (BENCH_LOCK_CPU_SEC: seconds per window, default 15)
 *
 * A child process plays the cabinet: three simulated 16-lock boards on one bus (one end of a socat pty pair,
 * real baud-rate timing). This process runs what the hub would: the driver on node-serialport and the
 * cabinet monitor polling every board at the profile's default rate. Its CPU time (process.cpuUsage, user +
 * system) is read over a window with the monitor polling, and over the same window with no boards at all (the
 * peer: the same process idle, before and after). The difference is the polling's cost, in % of one core.
 * The simulator's own CPU is in the child and not counted: on a station it is a real board.
 */
import type { ChildProcess } from 'node:child_process'
import { createLockBoardBus } from '../../devices/lock-board/bus.js'
import { CabinetMonitor } from '../../devices/lock-board/monitor.js'
import { PROFILES } from '../../devices/lock-board/profiles.js'
import { startSimulatedCabinet } from '../../devices/lock-board/simulate-cabinet.js'
import type { ProfileName } from '../../devices/lock-board/types.js'
import { forkOutside, type Metric, nextMessage, printBench, round, sleep, stopChild, verdict } from './lib.js'

const WINDOW_MS = Number(process.env.BENCH_LOCK_CPU_SEC ?? 15) * 1000
const GOAL = '< 2'
const PROFILES_RUN: ProfileName[] = ['kerong-cu16', 'generic-8a']
const BOARDS = 3
const LOCKS = 16

type Ready = { type: 'ready'; path: string }

function addresses(profile: ProfileName): number[] {
  const first = PROFILES[profile].addressing.boards.min
  return Array.from({ length: BOARDS }, (_, i) => first + i)
}

async function outside(profile: ProfileName): Promise<void> {
  const boards = addresses(profile).map((address) => ({ address, locks: LOCKS }))
  const cabinet = await startSimulatedCabinet({ profile, boards, realTiming: true })
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') void cabinet.stop().then(() => process.exit(0))
  })
  process.send?.({ type: 'ready', path: cabinet.path } satisfies Ready)
}

/** % of one core this process used over `ms`. */
async function cpuPercent(ms: number): Promise<number> {
  const before = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  await sleep(ms)
  const used = process.cpuUsage(before)
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000
  return ((used.user + used.system) / wallUs) * 100
}

async function polling(child: ChildProcess, path: string, profile: ProfileName) {
  const bus = createLockBoardBus({ path, profile })
  const boards = addresses(profile).map((address) => ({ address, locks: LOCKS }))
  const monitor = new CabinetMonitor({ bus, boards })
  const online = Promise.all(boards.map(() => monitor.next('board-online')))
  await monitor.start()
  await online
  await sleep(2000)
  const polls0 = monitor.stats().polls
  const pct = await cpuPercent(WINDOW_MS)
  const polls = monitor.stats().polls - polls0
  const stats = monitor.stats()
  await monitor.stop()
  void child
  return {
    pct,
    pollsPerSec: polls / (WINDOW_MS / 1000),
    failures: stats.pollFailures,
    bad: stats.bus.badFrames,
  }
}

async function main(): Promise<void> {
  // The first seconds after start still pay for module loading and GC: not idleness. Skipped.
  await cpuPercent(3000)
  const idle: number[] = [await cpuPercent(WINDOW_MS)]
  const metrics: Metric[] = []
  for (const profile of PROFILES_RUN) {
    const child = forkOutside(import.meta.url, [profile])
    try {
      const { path } = await nextMessage<Ready>(child, 'ready', 15_000)
      const r = await polling(child, path, profile)
      const base = idle.reduce((a, b) => a + b, 0) / idle.length
      const cost = r.pct - base
      const p = PROFILES[profile]
      console.log(
        `${profile}: ${r.pct.toFixed(2)} % polling, ${base.toFixed(2)} % idle → ${cost.toFixed(2)} % ` +
          `(${r.pollsPerSec.toFixed(1)} polls/s, ${r.failures} failed) ${verdict(cost, GOAL)}`,
      )
      metrics.push(
        {
          metric: `${profile} polling cost, 3 boards × 16 locks`,
          value: round(cost, 2),
          unit: '% of a core',
          goal: GOAL,
          note: `${r.pct.toFixed(2)} % polling − ${base.toFixed(2)} % idle; ${r.pollsPerSec.toFixed(1)} polls/s (every ${p.poll.defaultMs} ms per board), ${p.serial.baudRate} baud`,
        },
        {
          metric: `${profile} CPU per poll`,
          value: round(((cost / 100) * 1e6) / r.pollsPerSec, 0),
          unit: 'µs',
          note: 'one status request, its answer parsed, 16 doors compared',
        },
        {
          metric: `${profile} polls answered`,
          value: round(r.pollsPerSec, 1),
          unit: 'per second',
          note: `${r.failures} polls failed, ${r.bad} bad frames`,
        },
      )
    } finally {
      await stopChild(child, { type: 'stop' })
    }
    idle.push(await cpuPercent(WINDOW_MS))
  }
  metrics.push({
    metric: 'no boards (the peer)',
    value: round(idle.reduce((a, b) => a + b, 0) / idle.length, 2),
    unit: '% of a core',
    note: `the same process idle, ${idle.length} windows of ${WINDOW_MS / 1000} s: ${idle.map((x) => x.toFixed(2)).join(', ')}`,
  })
  printBench('lock-board-cpu', metrics)
}

if (process.argv.includes('--outside')) await outside(process.argv.at(-1) as ProfileName)
else await main()
