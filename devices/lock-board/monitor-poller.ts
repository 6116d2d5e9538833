/**
 * When each board is asked for its status: one period after the start of its last poll, at once when
 * asked to (an unlock sent, the port back), and never two polls of one board at a time, so a slow or silent
 * board never piles requests up in the bus queue.
 */
import type { LockBoardBus } from './bus-api.js'
import type { Clock } from './clock.js'
import type { BoardStatus } from './types.js'

export interface PollerOptions {
  clock: Clock
  bus: LockBoardBus
  addresses: number[]
  /** The period of a board now (shorter while an unlock on it is watched). */
  periodOf(address: number): number
  onStatus(status: BoardStatus): void
  onFailure(address: number, err: unknown): void
}

interface Slot {
  timer: unknown
  polling: boolean
  again: boolean
}

export class BoardPoller {
  private readonly slots = new Map<number, Slot>()
  private stopped = false

  constructor(private readonly o: PollerOptions) {
    for (const a of o.addresses) this.slots.set(a, { timer: undefined, polling: false, again: false })
  }

  /** Poll this board now, or right after the poll on the wire. */
  soon(address: number): void {
    const s = this.slots.get(address)
    if (!s || this.stopped) return
    if (s.polling) s.again = true
    else this.schedule(address, s, 0)
  }

  soonAll(): void {
    for (const a of this.slots.keys()) this.soon(a)
  }

  /** No polls until soon() (the port is gone: they would only fail). */
  pauseAll(): void {
    for (const s of this.slots.values()) this.o.clock.clearTimeout(s.timer)
  }

  stop(): void {
    this.stopped = true
    this.pauseAll()
  }

  private schedule(address: number, s: Slot, ms: number): void {
    this.o.clock.clearTimeout(s.timer)
    s.timer = this.o.clock.setTimeout(() => this.poll(address, s), ms)
  }

  private poll(address: number, s: Slot): void {
    const { bus, clock } = this.o
    if (this.stopped || !bus.connected || s.polling) return
    s.polling = true
    const startedAt = clock.now()
    bus
      .statusAll(address)
      .then(
        (status) => this.o.onStatus(status),
        (err: unknown) => this.o.onFailure(address, err),
      )
      .finally(() => {
        s.polling = false
        if (this.stopped || !bus.connected) return
        const wait = s.again ? 0 : Math.max(0, startedAt + this.o.periodOf(address) - clock.now())
        s.again = false
        this.schedule(address, s, wait)
      })
  }
}
