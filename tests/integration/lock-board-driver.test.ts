import { afterEach, describe, expect, it } from 'vitest'
import { named, type PtyCabinetOptions, ptyCabinet, waitFor } from '../support/lock-board.js'

// The driver and the monitor on node-serialport's native binding, through a real pseudo-terminal (socat) to
// the board simulator, for each profile: what a station with the real board would see.

const CASES = [
  {
    profile: 'kerong-cu16',
    boards: [0, 1] as const,
    // CU16 boards answer no unlock by default; this installation says they do, and one board then does not.
    noAnswer: { settings: { unlockReply: 'status' }, relay: 'unknown' },
  },
  { profile: 'kerong-cu48', boards: [0, 1] as const, noAnswer: { settings: {}, relay: 'sent' } },
  { profile: 'generic-8a', boards: [1, 2] as const, noAnswer: { settings: {}, relay: 'unknown' } },
]

const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

async function rig(opts: PtyCabinetOptions) {
  const r = await ptyCabinet(opts)
  stops.push(() => r.stop())
  return r
}

/** A seeded generator, so a failing round can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe.each(CASES)('$profile through a real pty', ({ profile, boards: [a, b], noAnswer }) => {
  const one = (extra: Partial<PtyCabinetOptions> = {}) =>
    rig({ profile, boards: [{ address: a, locks: 8, unlockReplyDelayMs: 100 }], ...extra })

  it('opens the port and reads each lock as the board holds it', async () => {
    const r = await one()
    await r.bus.open()
    expect((await r.bus.statusAll(a)).closed.slice(0, 8)).toEqual(Array(8).fill(true))
    r.sim.board(a).openDoor(3)
    const all = await r.bus.statusAll(a)
    expect(all.board).toBe(a)
    expect(all.closed.slice(0, 8).map((c) => !c)).toEqual([
      false,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
    ])
    expect(await r.bus.status(a, 3)).toMatchObject({ board: a, lock: 3, closed: false })
    expect(await r.bus.status(a, 4)).toMatchObject({ board: a, lock: 4, closed: true })
  })

  it('confirms an unlock only when a status shows the door open', async () => {
    const r = await one({ boards: [{ address: a, locks: 8, unlockReplyDelayMs: 100, openDelayMs: 300 }] })
    await r.start()
    const outcome = await r.monitor.unlock(a, 2)
    expect(outcome).toMatchObject({ outcome: 'opened' })
    expect(outcome.outcome === 'opened' && outcome.afterMs).toBeGreaterThanOrEqual(300)
    expect(named(r.events, 'door-opened')).toMatchObject([{ board: a, lock: 2, commanded: true }])
    expect(named(r.events, 'unlock-confirmed')).toMatchObject([{ board: a, lock: 2, late: false }])
    expect(r.sim.unlocksSeen(a, 2)).toHaveLength(1)
    // The courier puts the phone in and shuts the door.
    r.sim.board(a).closeDoor(2)
    await waitFor(r.monitor, 'door-closed', (e) => e.lock === 2)
    expect(named(r.events, 'uncommanded-open')).toEqual([])
  })

  it('reports a jam when the relay fires and the door stays shut, and never fires it again', async () => {
    const r = await one()
    await r.start()
    r.sim.board(a).jam(4)
    expect(await r.monitor.unlock(a, 4)).toMatchObject({ outcome: 'jammed', statusSeen: true })
    expect(named(r.events, 'jam')).toMatchObject([{ board: a, lock: 4 }])
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(r.sim.unlocksSeen(a, 4)).toHaveLength(1)
  })

  it('reports a door opened without a command as an uncommanded open', async () => {
    const r = await one()
    await r.start()
    r.sim.board(a).openDoor(5)
    expect(await waitFor(r.monitor, 'uncommanded-open')).toMatchObject({ board: a, lock: 5, resync: false })
    expect(named(r.events, 'door-opened')).toMatchObject([{ lock: 5, commanded: false }])
  })

  it('takes a board that stops answering offline, and back online by itself', async () => {
    const r = await one({ bus: { timing: { replyTimeoutMs: 150, readRetries: 1 } } })
    await r.start()
    r.sim.board(a).silent = true
    expect(await waitFor(r.monitor, 'board-offline')).toMatchObject({ board: a, reason: 'silent' })
    await expect(r.monitor.unlock(a, 1)).rejects.toMatchObject({ offline: true })
    await expect(r.bus.statusAll(a)).rejects.toMatchObject({ timeout: true, board: a })
    r.sim.board(a).silent = false
    expect(await waitFor(r.monitor, 'board-online')).toMatchObject({ board: a, first: false })
    expect(r.sim.unlocksSeen()).toEqual([])
  })

  it(`settles an unlock that gets no answer by the door alone, without sending it twice`, async () => {
    const r = await one({ settings: noAnswer.settings, bus: { timing: { unlockReplyTimeoutMs: 300 } } })
    await r.start()
    r.sim.board(a).noUnlockReply = true
    expect(await r.monitor.unlock(a, 6)).toMatchObject({ outcome: 'opened', relay: noAnswer.relay })
    expect(r.sim.unlocksSeen(a, 6)).toHaveLength(1)
  })

  it('reads every answer right with garbage between frames and answers split in bursts', async () => {
    // What is tested is the reading of frames among garbage, not the reply time: a generous timeout, so a
    // busy machine's slow pty does not count as a misread answer.
    const r = await one({
      sim: { garbage: { chance: 1, maxBytes: 8 }, fragment: true, random: lcg(7) },
      bus: { timing: { replyTimeoutMs: 3000 } },
    })
    await r.bus.open()
    const rnd = lcg(99)
    for (let round = 0; round < 15; round++) {
      const open = Array.from({ length: 8 }, () => rnd() < 0.5)
      for (const [i, o] of open.entries())
        o ? r.sim.board(a).openDoor(i + 1) : r.sim.board(a).closeDoor(i + 1)
      const got = await r.bus.statusAll(a)
      expect(
        got.closed.slice(0, 8).map((c) => !c),
        `round ${round}`,
      ).toEqual(open)
    }
    expect(r.bus.stats().garbageBytes).toBeGreaterThan(15)
    expect(r.bus.stats().timeouts).toBeLessThanOrEqual(1)
  })

  it('drives two boards on one bus, each answering for itself', async () => {
    const r = await rig({
      profile,
      boards: [
        { address: a, locks: 8, unlockReplyDelayMs: 100 },
        { address: b, locks: 8, unlockReplyDelayMs: 100 },
      ],
      bus: { timing: { replyTimeoutMs: 150, readRetries: 1 } },
    })
    await r.start()
    expect(await r.monitor.unlock(b, 3)).toMatchObject({ outcome: 'opened' })
    expect(r.sim.board(b).isOpen(3)).toBe(true)
    expect(r.sim.board(a).isOpen(3)).toBe(false)
    expect((await r.bus.statusAll(a)).closed[2]).toBe(true)
    expect((await r.bus.statusAll(b)).closed[2]).toBe(false)
    r.sim.board(a).silent = true
    expect(await waitFor(r.monitor, 'board-offline')).toMatchObject({ board: a })
    expect(await r.monitor.unlock(b, 4)).toMatchObject({ outcome: 'opened' })
    expect(named(r.events, 'board-offline').map((e) => e.board)).toEqual([a])
  })
})
