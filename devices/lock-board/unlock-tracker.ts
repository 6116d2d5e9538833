/**
 * The unlocks in progress, one per lock at most: what was asked and when, whether a status has been seen
 * since, and the jam window. "Relay fired" and "door opened" are separate facts: only an observed opening
 * settles an unlock as opened. After a jam the record is kept a while, so a late opening is still the
 * unlock's and not an uncommanded one.
 */
import type { Clock } from './clock.js'
import type { RelayFact, UnlockOutcome } from './monitor-events.js'

export interface Pending {
  board: number
  lock: number
  askedAt: number
  relay: RelayFact
  /** `sending`: on the bus; `watching`: sent, waiting to see the door open; `jammed`: reported. */
  state: 'sending' | 'watching' | 'jammed'
  /** A status of the board arrived after the unlock was sent. */
  statusSeen: boolean
  promise: Promise<UnlockOutcome>
  resolve(outcome: UnlockOutcome): void
  reject(err: unknown): void
  timer?: unknown
}

export class UnlockTracker {
  private readonly pending = new Map<string, Pending>()

  constructor(private readonly clock: Clock) {}

  get(board: number, lock: number): Pending | undefined {
    return this.pending.get(key(board, lock))
  }

  forBoard(board: number): Pending[] {
    return [...this.pending.values()].filter((p) => p.board === board)
  }

  /** Boards with an unlock waiting to be seen open: polled at the profile's fastest allowed rate. */
  watching(board: number): boolean {
    return this.forBoard(board).some((p) => p.state !== 'jammed')
  }

  begin(board: number, lock: number): Pending {
    let resolve!: Pending['resolve']
    let reject!: Pending['reject']
    const promise = new Promise<UnlockOutcome>((res, rej) => {
      resolve = res
      reject = rej
    })
    const p: Pending = {
      board,
      lock,
      askedAt: this.clock.now(),
      relay: 'unknown',
      state: 'sending',
      statusSeen: false,
      promise,
      resolve,
      reject,
    }
    this.pending.set(key(board, lock), p)
    return p
  }

  /** Sent: from now on the door has `windowMs` to be seen open. */
  watch(p: Pending, relay: RelayFact, windowMs: number, onJam: (p: Pending) => void): void {
    p.relay = relay
    p.state = 'watching'
    p.timer = this.clock.setTimeout(() => onJam(p), windowMs)
  }

  /** Reported jammed: kept `lateMs` longer so that a late opening is still counted as the unlock's. */
  jammed(p: Pending, lateMs: number): void {
    p.state = 'jammed'
    p.timer = this.clock.setTimeout(() => this.end(p), lateMs)
  }

  end(p: Pending): void {
    this.clock.clearTimeout(p.timer)
    if (this.pending.get(key(p.board, p.lock)) === p) this.pending.delete(key(p.board, p.lock))
  }

  /** Every unlock still waiting fails with this error; nothing is kept for later. */
  clear(errorFor: (p: Pending) => Error): void {
    for (const p of this.pending.values()) {
      this.clock.clearTimeout(p.timer)
      if (p.state !== 'jammed') p.reject(errorFor(p))
    }
    this.pending.clear()
  }
}

const key = (board: number, lock: number) => `${board}:${lock}`
