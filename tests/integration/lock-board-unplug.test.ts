import { afterEach, describe, expect, it } from 'vitest'
import { named, ptyCabinet, waitFor } from '../support/lock-board.js'

// The most common fault in the field: the USB-RS485 adapter is pulled out (or its cable knocked loose) while
// the hub runs. Here socat's pty pair stands for the adapter: stopping socat removes the by-id style link the
// driver opened and fails the open port, as unplugging does; starting it again at the same paths plugs it
// back. The driver must notice, refuse unlocks at once, reopen by itself, and resynchronise from the board.

const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

describe.each([
  { profile: 'kerong-cu16', board: 0 },
  { profile: 'generic-8a', board: 1 },
])('$profile: the adapter unplugged and plugged back', ({ profile, board }) => {
  it('recovers by itself, and an unlock asked during the outage fails at once and never fires later', async () => {
    const r = await ptyCabinet({ profile, boards: [{ address: board, locks: 8, unlockReplyDelayMs: 100 }] })
    stops.push(() => r.stop())
    await r.start()

    const down = waitFor(r.monitor, 'bus-down')
    await r.cab.unplug()
    expect((await down).error).toMatchObject({ disconnected: true })
    expect(named(r.events, 'board-offline')).toMatchObject([{ board, reason: 'disconnected' }])

    const asked = Date.now()
    const err = await r.monitor.unlock(board, 2).catch((e: unknown) => e)
    expect(Date.now() - asked).toBeLessThan(100)
    expect(err).toMatchObject({
      code: 'disconnected',
      disconnected: true,
      outcomeUnknown: false,
      board,
      lock: 2,
    })
    await expect(r.bus.unlock(board, 2)).rejects.toMatchObject({ disconnected: true })
    // Someone forces a locker while nothing can watch it.
    r.sim.board(board).openDoor(6)
    await new Promise((resolve) => setTimeout(resolve, 600))

    const back = waitFor(r.monitor, 'board-online', (e) => !e.first, 10_000)
    await r.cab.replug()
    expect(await back).toMatchObject({ board, first: false })
    expect(named(r.events, 'bus-up').at(-1)).toMatchObject({ reopened: true })
    expect(named(r.events, 'uncommanded-open')).toMatchObject([{ board, lock: 6, resync: true }])
    expect(r.bus.stats().reopened).toBe(1)

    // Long enough for a kept request to have gone out: nothing did.
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(r.sim.unlocksSeen()).toEqual([])

    expect(await r.monitor.unlock(board, 2)).toMatchObject({ outcome: 'opened' })
    expect(r.sim.unlocksSeen(board, 2)).toHaveLength(1)
  })

  it('fails the requests in flight and queued when the adapter goes, and sends none of them later', async () => {
    const r = await ptyCabinet({ profile, boards: [{ address: board, locks: 8, replyDelayMs: 400 }] })
    stops.push(() => r.stop())
    await r.bus.open()
    const read = r.bus.statusAll(board).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const unlock = r.bus.unlock(board, 3).catch((e: unknown) => e)
    await r.cab.unplug()
    expect(await read).toMatchObject({ disconnected: true })
    expect(await unlock).toMatchObject({ disconnected: true, outcomeUnknown: false })
    await r.cab.replug()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(r.bus.connected).toBe(true)
    expect(r.sim.unlocksSeen()).toEqual([])
  })
})
