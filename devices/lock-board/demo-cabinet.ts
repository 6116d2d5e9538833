/**
 * The demo station's charging cabinet (npm start): a simulated KR-CU16 with 8 locks over a socat
 * pseudo-terminal, and a pair of hands: a door the board opens is shut again a few seconds later, as a
 * courier would after putting a phone in (or taking it out), so a visitor sees a rental start and end on the
 * kiosk without touching a board.
 */
import { type SimulatedCabinet, startSimulatedCabinet } from './simulate-cabinet.js'

export interface DemoCabinetOptions {
  locks?: number
  /** ms from the door springing open to the hands shutting it. Default 6000. */
  closeAfterMs?: number
}

export interface DemoCabinet {
  /** The "adapter": what the station's lockers bus opens. */
  path: string
  cabinet: SimulatedCabinet
  stop(): Promise<void>
}

/** Rejects when it cannot start (socat missing): the demo then runs without it. */
export async function startDemoCabinet(opts: DemoCabinetOptions = {}): Promise<DemoCabinet> {
  const closeAfterMs = opts.closeAfterMs ?? 6000
  const cabinet = await startSimulatedCabinet({
    profile: 'kerong-cu16',
    boards: [{ address: 0, locks: opts.locks ?? 8, openDelayMs: 150 }],
  })
  const board = cabinet.sim.board(0)
  const timers = new Set<NodeJS.Timeout>()
  const off = board.on('door', (e) => {
    if (!e.open || e.by !== 'relay') return
    const t = setTimeout(() => {
      timers.delete(t)
      // In goes a phone, or out it comes: the infrared sensor sees which.
      const view = board.view()
      board.setItem(e.lock, !view.items?.[e.lock - 1])
      board.closeDoor(e.lock)
    }, closeAfterMs)
    t.unref()
    timers.add(t)
  })
  return {
    path: cabinet.path,
    cabinet,
    async stop() {
      off()
      for (const t of timers) clearTimeout(t)
      await cabinet.stop()
    },
  }
}
