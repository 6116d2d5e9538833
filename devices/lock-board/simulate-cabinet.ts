/**
 * A charging cabinet on a simulated lock board, over a real pseudo-terminal: socat makes the "USB adapter"
 * (a link named like /dev/serial/by-id/…, for the station file) and the boards' end, where the simulator
 * answers. For tests, the demo station and trying the CLI without hardware.
 *
 *   npx tsx devices/lock-board/simulate-cabinet.ts [--profile kerong-cu16] [--locks 8] [--real-timing]
 *
 * prints the path to give the driver and runs until Ctrl-C.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { PROFILES, resolveProfile } from './profiles.js'
import { openPtyPair, type PtyPair } from './pty.js'
import type { SimBoardOptions } from './simulator/board.js'
import { LockBoardSimulator, type LockBoardSimulatorOptions } from './simulator/simulator.js'

export interface SimulatedCabinetOptions
  extends Partial<Omit<LockBoardSimulatorOptions, 'path' | 'boards' | 'profile'>> {
  /** Default kerong-cu16. */
  profile?: string
  /** Default: one board at the profile's first address with 8 locks. */
  boards?: SimBoardOptions[]
  /** Folder for the two links; default a new temp folder, removed by stop(). */
  dir?: string
}

export interface SimulatedCabinet {
  /** The host's end, a by-id style symlink: what a station file gives as the port. */
  path: string
  profile: string
  sim: LockBoardSimulator
  /** Pulls the "USB adapter": socat stops, both links vanish, ports open on them fail. */
  unplug(): Promise<void>
  /** Plugs it back: a new pty pair at the same paths; the simulator reattaches by itself. */
  replug(): Promise<void>
  stop(): Promise<void>
}

/** Board defaults per family: the 0x8A board answers an unlock after ~500 ms (Open-Locker). */
function boardDefaults(profile: string): Partial<SimBoardOptions> {
  return profile === 'generic-8a' ? { unlockReplyDelayMs: 500 } : {}
}

export async function startSimulatedCabinet(opts: SimulatedCabinetOptions = {}): Promise<SimulatedCabinet> {
  const profile = opts.profile ?? 'kerong-cu16'
  const { profile: p } = resolveProfile(profile, opts.settings)
  const ownDir = opts.dir === undefined
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'rsh-cabinet-'))
  const byId = join(dir, 'serial', 'by-id')
  mkdirSync(byId, { recursive: true })
  const path = join(byId, `usb-RedStation_SimLockBoard_${profile}-if00-port0`)
  const boardEnd = join(dir, 'board-end')
  const boards = (opts.boards ?? [{ address: p.addressing.boards.min, locks: 8 }]).map((b) => ({
    ...boardDefaults(profile),
    ...b,
  }))
  let pty: PtyPair | undefined = await openPtyPair(path, boardEnd)
  const sim = new LockBoardSimulator({ ...opts, profile, boards, path: boardEnd })
  await sim.start()
  return {
    path,
    profile,
    sim,
    async unplug() {
      await pty?.close()
      pty = undefined
    },
    async replug() {
      if (!pty) pty = await openPtyPair(path, boardEnd)
    },
    async stop() {
      await sim.stop()
      await pty?.close()
      pty = undefined
      if (ownDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'kerong-cu16' },
      locks: { type: 'string', default: '8' },
      'real-timing': { type: 'boolean', default: false },
    },
  })
  const profile = values.profile as string
  if (!(profile in PROFILES)) throw new Error(`--profile: one of ${Object.keys(PROFILES).join(', ')}`)
  const locks = Number(values.locks)
  const first = PROFILES[profile as keyof typeof PROFILES].addressing.boards.min
  const cabinet = await startSimulatedCabinet({
    profile,
    boards: [{ address: first, locks }],
    realTiming: values['real-timing'] === true,
  })
  cabinet.sim
    .board(first)
    .on('door', (e) => console.log(`lock ${e.lock} ${e.open ? 'opened' : 'closed'} (${e.by})`))
  console.log(`${locks}-locker cabinet (${profile}, board ${first}) on ${cabinet.path}`)
  console.log(`try: npm run lock-board -- --port ${cabinet.path} --profile ${profile} status`)
  const stop = () => void cabinet.stop().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  // Keep running: the simulator's timers are unref'd, so hold the event loop open until a signal.
  setInterval(() => {}, 1 << 30)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(`simulate-cabinet: ${(err as Error).message}`)
    process.exit(1)
  })
}
