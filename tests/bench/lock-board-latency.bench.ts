/**
 * Charging lockers: unlock asked → opening confirmed, against the board's own answer time, in the same run.
 *
 *   npx tsx tests/bench/lock-board-latency.bench.ts        (BENCH_LOCK_SAMPLES scales the sample counts)
 *
 * A child process plays the cabinet: the board simulator on one end of a socat pty pair, at real baud-rate
 * timing (each answer waits for its request's and its own bytes on the wire: 19200 or 9600 baud, 8N1). This
 * process runs the driver and the cabinet monitor on node-serialport, as the hub would. Per profile:
 *   1. the board's own answer time: a status request → its decoded answer, sequentially (the peer);
 *   2. unlock asked → `opened` (a status showing the door open), a lock at a time, at a random moment of the
 *      monitor's poll cycle (its default rate); the simulated door opens the instant the relay fires, so all
 *      of it is the driver's: waiting for a poll on the wire, the unlock frame, the profile's gap, and a status
 *      (polled at the profile's fastest rate while an unlock is watched). A helper then shuts the door and
 *      the monitor sees it closed before the next one.
 */
import type { ChildProcess } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { createLockBoardBus } from '../../devices/lock-board/bus.js'
import { CabinetMonitor } from '../../devices/lock-board/monitor.js'
import { PROFILES } from '../../devices/lock-board/profiles.js'
import { startSimulatedCabinet } from '../../devices/lock-board/simulate-cabinet.js'
import type { ProfileName } from '../../devices/lock-board/types.js'
import {
  forkOutside,
  type Metric,
  nextMessage,
  percentile,
  printBench,
  round,
  sleep,
  stopChild,
} from './lib.js'

const SCALE = Number(process.env.BENCH_LOCK_SAMPLES ?? 1)
/** The 0x8A board answers an unlock after ~500 ms (Open-Locker), so it gets fewer unlocks. */
const RUNS: Array<{ profile: ProfileName; status: number; unlocks: number }> = [
  { profile: 'kerong-cu16', status: 300, unlocks: 100 },
  { profile: 'kerong-cu48', status: 300, unlocks: 60 },
  { profile: 'generic-8a', status: 200, unlocks: 20 },
]
const LOCKS = 8

type Ready = { type: 'ready'; path: string }

async function outside(profile: ProfileName): Promise<void> {
  const address = PROFILES[profile].addressing.boards.min
  const cabinet = await startSimulatedCabinet({
    profile,
    boards: [{ address, locks: LOCKS }],
    realTiming: true,
  })
  process.on('message', (m: { type: string; lock?: number }) => {
    if (m.type === 'close' && m.lock) cabinet.sim.board(address).closeDoor(m.lock)
    if (m.type === 'stop') void cabinet.stop().then(() => process.exit(0))
  })
  process.send?.({ type: 'ready', path: cabinet.path } satisfies Ready)
}

async function measure(child: ChildProcess, path: string, run: (typeof RUNS)[number]): Promise<Metric[]> {
  const { profile } = run
  const p = PROFILES[profile]
  const address = p.addressing.boards.min
  const bus = createLockBoardBus({ path, profile })
  await bus.open()
  const status: number[] = []
  for (let i = 0; i < 20 + Math.round(run.status * SCALE); i++) {
    // After the profile's gap, so each request starts on a quiet bus: the board's own time, nothing queued.
    await sleep(p.timing.gapMs + 5)
    const t0 = performance.now()
    await bus.statusAll(address)
    if (i >= 20) status.push(performance.now() - t0)
  }
  const monitor = new CabinetMonitor({ bus, boards: [{ address, locks: LOCKS }] })
  const online = monitor.next('board-online')
  await monitor.start()
  await online
  const confirmed: number[] = []
  const total = 5 + Math.round(run.unlocks * SCALE)
  for (let i = 0; i < total; i++) {
    const lock = (i % LOCKS) + 1
    // Asked at a random moment of the poll cycle, as a courier would: sometimes a poll is on the wire.
    await sleep(Math.random() * 120)
    const t0 = performance.now()
    const r = await monitor.unlock(address, lock)
    const ms = performance.now() - t0
    if (r.outcome !== 'opened') throw new Error(`${profile} lock ${lock}: ${r.outcome}`)
    if (i >= 5) confirmed.push(ms)
    const closed = new Promise<void>((resolve) => {
      const off = monitor.on('door-closed', (e) => {
        if (e.lock !== lock) return
        off()
        resolve()
      })
    })
    child.send({ type: 'close', lock })
    await closed
  }
  await monitor.stop()
  const s50 = percentile(status, 0.5)
  const c50 = percentile(confirmed, 0.5)
  console.log(
    `${profile}: status p50 ${s50.toFixed(1)} ms (n=${status.length}), confirmed p50 ${c50.toFixed(1)} ms (n=${confirmed.length})`,
  )
  const gap = `gap ${p.timing.gapMs} ms; polls every ${p.poll.defaultMs} ms, ${p.poll.minMs} ms while watching`
  return [
    {
      metric: `${profile} unlock→confirmed p50`,
      value: round(c50, 1),
      unit: 'ms',
      note: `${confirmed.length} unlocks; ${gap}`,
    },
    {
      metric: `${profile} unlock→confirmed p99`,
      value: round(percentile(confirmed, 0.99), 1),
      unit: 'ms',
      note: '',
    },
    {
      metric: `${profile} board status answer p50`,
      value: round(s50, 1),
      unit: 'ms',
      note: `the peer: ${status.length} status requests, ${p.serial.baudRate} baud wire time included`,
    },
    {
      metric: `${profile} board status answer p99`,
      value: round(percentile(status, 0.99), 1),
      unit: 'ms',
      note: '',
    },
    {
      metric: `${profile} confirmed/status p50`,
      value: round(c50 / s50, 2),
      unit: 'ratio',
      note:
        profile === 'generic-8a'
          ? 'the board answers an unlock ~500 ms after it (simulated as Open-Locker reports), then one status'
          : 'unlock frame (no answer) + gap + one status answer',
    },
  ]
}

async function main(): Promise<void> {
  const metrics: Metric[] = []
  for (const run of RUNS) {
    const child = forkOutside(import.meta.url, [run.profile])
    try {
      const { path } = await nextMessage<Ready>(child, 'ready', 15_000)
      metrics.push(...(await measure(child, path, run)))
    } finally {
      await stopChild(child, { type: 'stop' })
    }
  }
  printBench('lock-board-latency', metrics)
}

if (process.argv.includes('--outside')) await outside(process.argv.at(-1) as ProfileName)
else await main()
