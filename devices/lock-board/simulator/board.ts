/**
 * One simulated lock board: its locks' hooks, IR sensors and faults, and the hands of the people at the
 * cabinet. Pure state plus the clock for the door springing open; the simulator (simulator.ts) puts it on a
 * serial line.
 */
import type { Clock } from '../clock.js'
import { Emitter } from '../emitter.js'
import type { BoardView } from '../types.js'

export interface SimBoardOptions {
  address: number
  locks: number
  /** ms from the relay firing to the door reading open (spring, latch). Default 0. */
  openDelayMs?: number
  /** ms the board takes to answer a status request, on top of wire time. Default 2. */
  replyDelayMs?: number
  /** ms before the answer to an unlock, on boards that answer one (0x8A: ~500 ms). Default replyDelayMs. */
  unlockReplyDelayMs?: number
  /** 0x8A boards: status bytes in a query-all answer (default as an 8-channel board: 3). */
  statusBytes?: number
}

export interface SimBoardEvents {
  relay: { board: number; lock: number }
  door: { board: number; lock: number; open: boolean; by: 'relay' | 'hand' }
}

interface Lock {
  /** Hook latched: the door is shut and locked. */
  closed: boolean
  /** The relay fires but the door never opens (a bent latch, a box jammed against the door). */
  jammed: boolean
  item: boolean
}

export class SimBoard extends Emitter<SimBoardEvents> {
  readonly address: number
  openDelayMs: number
  replyDelayMs: number
  unlockReplyDelayMs: number
  statusBytes: number | undefined
  /** The board answers nothing at all (power lost, cable cut, wrong address). */
  silent = false
  /** The board fires the relay but sends no answer to an unlock (where it normally sends one). */
  noUnlockReply = false
  private readonly locks: Lock[]

  constructor(
    opts: SimBoardOptions,
    private readonly clock: Clock,
  ) {
    super()
    this.address = opts.address
    this.openDelayMs = opts.openDelayMs ?? 0
    this.replyDelayMs = opts.replyDelayMs ?? 2
    this.unlockReplyDelayMs = opts.unlockReplyDelayMs ?? this.replyDelayMs
    this.statusBytes = opts.statusBytes
    this.locks = Array.from({ length: opts.locks }, () => ({ closed: true, jammed: false, item: false }))
  }

  get lockCount(): number {
    return this.locks.length
  }

  /** What the board would report now. */
  view(): BoardView {
    return {
      address: this.address,
      closed: this.locks.map((l) => l.closed),
      items: this.locks.map((l) => l.item),
      ...(this.statusBytes !== undefined && { statusBytes: this.statusBytes }),
    }
  }

  isOpen(lock: number): boolean {
    return !this.lock(lock).closed
  }

  /** The board fires a lock's relay: unless jammed, the door springs open after openDelayMs. */
  fireRelay(lock: number): void {
    const l = this.lock(lock)
    this.emit('relay', { board: this.address, lock })
    if (l.jammed || !l.closed) return
    if (this.openDelayMs <= 0) this.setDoor(lock, true, 'relay')
    else this.clock.setTimeout(() => this.setDoor(lock, true, 'relay'), this.openDelayMs)
  }

  fireAll(): void {
    for (let lock = 1; lock <= this.locks.length; lock++) this.fireRelay(lock)
  }

  /** Someone pulls the door open by hand: forced if it was latched (an uncommanded open). */
  openDoor(lock: number): void {
    this.setDoor(lock, true, 'hand')
  }

  /** Someone pushes the door shut: the latch catches by itself. */
  closeDoor(lock: number): void {
    this.setDoor(lock, false, 'hand')
  }

  jam(lock: number, jammed = true): void {
    this.lock(lock).jammed = jammed
  }

  /** A phone or battery put into (true) or taken out of (false) the locker: the CU16's IR sensor. */
  setItem(lock: number, present: boolean): void {
    this.lock(lock).item = present
  }

  private setDoor(lock: number, open: boolean, by: 'relay' | 'hand'): void {
    const l = this.lock(lock)
    if (l.closed === !open) return
    l.closed = !open
    this.emit('door', { board: this.address, lock, open, by })
  }

  private lock(n: number): Lock {
    const l = this.locks[n - 1]
    if (!l) throw new RangeError(`board ${this.address} has locks 1–${this.locks.length}, not ${n}`)
    return l
  }
}
