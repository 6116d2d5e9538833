import { createLockBoardBus, type LockBoardBusOptions } from '../../devices/lock-board/bus.js'
import { CabinetMonitor, type CabinetMonitorOptions } from '../../devices/lock-board/monitor.js'
import { CABINET_EVENTS, type CabinetEvents } from '../../devices/lock-board/monitor-events.js'
import { startSimulatedCabinet } from '../../devices/lock-board/simulate-cabinet.js'
import type { SimBoardOptions } from '../../devices/lock-board/simulator/board.js'
import { memoryLine } from '../../devices/lock-board/simulator/memory-line.js'
import {
  LockBoardSimulator,
  type LockBoardSimulatorOptions,
} from '../../devices/lock-board/simulator/simulator.js'

export type Recorded = {
  [K in keyof CabinetEvents]: { event: K; payload: CabinetEvents[K] }
}[keyof CabinetEvents]

/** Every event of a monitor, in order. */
export function record(monitor: CabinetMonitor): Recorded[] {
  const got: Recorded[] = []
  for (const event of CABINET_EVENTS) monitor.on(event, (payload) => got.push({ event, payload } as Recorded))
  return got
}

export function named<K extends keyof CabinetEvents>(events: Recorded[], event: K): CabinetEvents[K][] {
  return events.filter((e) => e.event === event).map((e) => e.payload as CabinetEvents[K])
}

/** Resolves with the first event of that name matching `pred`, or fails after `ms`. */
export function waitFor<K extends keyof CabinetEvents>(
  monitor: CabinetMonitor,
  event: K,
  pred: (p: CabinetEvents[K]) => boolean = () => true,
  ms = 5000,
): Promise<CabinetEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no ${event} matching within ${ms} ms`))
    }, ms)
    const off = monitor.on(event, (p) => {
      if (!pred(p)) return
      clearTimeout(timer)
      off()
      resolve(p)
    })
  })
}

export interface MemoryCabinetOptions {
  profile: string
  /** The line echoes the host's frames back to it. */
  echo?: boolean
  settings?: Record<string, unknown>
  boards: SimBoardOptions[]
  sim?: Partial<LockBoardSimulatorOptions>
  bus?: Partial<LockBoardBusOptions>
  monitor?: Partial<CabinetMonitorOptions>
}

/** Driver, monitor and simulated boards joined by a serial line in memory: for fake timers. */
export function memoryCabinet(opts: MemoryCabinetOptions) {
  const line = memoryLine({ echo: opts.echo })
  const sim = new LockBoardSimulator({
    path: 'memory:boards',
    profile: opts.profile,
    settings: opts.settings,
    boards: opts.boards,
    openSerial: line.board,
    ...opts.sim,
  })
  const bus = createLockBoardBus({
    path: '/dev/serial/by-id/usb-memory-if00-port0',
    profile: opts.profile,
    settings: opts.settings,
    openSerial: line.host,
    ...opts.bus,
  })
  const monitor = new CabinetMonitor({
    bus,
    boards: opts.boards.map((b) => ({ address: b.address, locks: b.locks })),
    ...opts.monitor,
  })
  const events = record(monitor)
  return {
    line,
    sim,
    bus,
    monitor,
    events,
    async start() {
      await sim.start()
      await monitor.start()
    },
    async stop() {
      await monitor.stop()
      await sim.stop()
    },
  }
}

export interface PtyCabinetOptions extends MemoryCabinetOptions {
  /** Simulator options: garbage, fragment, realTiming, random. */
  sim?: Partial<LockBoardSimulatorOptions>
}

/**
 * The real thing short of hardware: socat's pty pair (a by-id style link in a temp folder), the simulator on
 * one end, node-serialport's native binding and the driver on the other. The monitor is built, not started.
 */
export async function ptyCabinet(opts: PtyCabinetOptions) {
  const cab = await startSimulatedCabinet({
    profile: opts.profile,
    settings: opts.settings,
    boards: opts.boards,
    ...opts.sim,
  })
  const bus = createLockBoardBus({
    path: cab.path,
    profile: opts.profile,
    settings: opts.settings,
    reconnect: { firstMs: 50, maxMs: 400 },
    ...opts.bus,
  })
  const monitor = new CabinetMonitor({
    bus,
    boards: opts.boards.map((b) => ({ address: b.address, locks: b.locks })),
    pollMs: bus.profile.poll.minMs,
    jamAfterMs: 1000,
    ...opts.monitor,
  })
  const events = record(monitor)
  return {
    cab,
    sim: cab.sim,
    bus,
    monitor,
    events,
    /** Starts the monitor and waits until every board has answered once. */
    async start() {
      const online = Promise.all(
        opts.boards.map((b) => waitFor(monitor, 'board-online', (e) => e.board === b.address)),
      )
      await monitor.start()
      await online
    },
    async stop() {
      await monitor.stop()
      await cab.stop()
    },
  }
}
