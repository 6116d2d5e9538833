/**
 * A cabinet monitor: polls every board of one bus at the profile's allowed rate and turns what the boards
 * report into facts (typed events, monitor-events.ts): doors opened and closed, unlocks confirmed by a status
 * showing the door open, jams, uncommanded opens, boards offline and back, the port lost and back (resync:
 * every board's status is asked for as soon as it reopens). It knows nothing of rentals or screens.
 *
 * It owns its bus: start() opens it, stop() closes it.
 */
import type { LockBoardBus } from './bus.js'
import { type Clock, systemClock } from './clock.js'
import { Emitter } from './emitter.js'
import { LockBoardError } from './errors.js'
import { BoardTracker, type DoorChange } from './monitor-boards.js'
import type { CabinetEvents, RelayFact, UnlockOutcome } from './monitor-events.js'
import { BoardPoller } from './monitor-poller.js'
import { type Pending, UnlockTracker } from './unlock-tracker.js'

export interface WatchedBoard {
  /** The address set on the board (DIP/rotary switch). */
  address: number
  /** Locks wired on it, numbered from 1. */
  locks: number
}

export interface CabinetMonitorOptions {
  bus: LockBoardBus
  boards: WatchedBoard[]
  clock?: Clock
  /** Status poll period per board. Default: the profile's; never below the profile's minimum. */
  pollMs?: number
  /** An unlock not seen open within this is a jam. Default 5000. */
  jamAfterMs?: number
  /** After a jam, an opening within this is still the unlock's (late), not uncommanded. Default 60 000. */
  lateOpenMs?: number
  /** Polls in a row unanswered (each after its retries) before a board is offline. Default 2. */
  offlineAfterFailures?: number
  /** A listener that throws is reported here; the monitor carries on. */
  onListenerError?: (err: unknown, event: string) => void
}

export class CabinetMonitor extends Emitter<CabinetEvents> {
  readonly bus: LockBoardBus
  readonly pollMs: number
  /** The poll period of a board with an unlock being watched: the profile's fastest. */
  readonly confirmPollMs: number
  readonly jamAfterMs: number
  readonly lateOpenMs: number
  private readonly clock: Clock
  private readonly boards: BoardTracker
  private readonly unlocks: UnlockTracker
  private readonly poller: BoardPoller
  private readonly offs: Array<() => void> = []
  private started = false
  private stopped = false

  constructor(opts: CabinetMonitorOptions) {
    super(opts.onListenerError)
    this.bus = opts.bus
    this.clock = opts.clock ?? systemClock
    const { poll } = opts.bus.profile
    this.pollMs = opts.pollMs ?? poll.defaultMs
    if (!(this.pollMs >= poll.minMs))
      throw new LockBoardError(
        'invalid',
        `pollMs ${opts.pollMs}: ${opts.bus.profile.name} allows ${poll.minMs} ms at least`,
      )
    this.confirmPollMs = poll.minMs
    this.jamAfterMs = opts.jamAfterMs ?? 5000
    this.lateOpenMs = opts.lateOpenMs ?? 60_000
    this.boards = new BoardTracker(opts.bus.profile, opts.boards, opts.offlineAfterFailures ?? 2)
    this.unlocks = new UnlockTracker(this.clock)
    this.poller = new BoardPoller({
      clock: this.clock,
      bus: this.bus,
      addresses: opts.boards.map((b) => b.address),
      periodOf: (address) => (this.unlocks.watching(address) ? this.confirmPollMs : this.pollMs),
      onStatus: (status) => this.observe(status.board, status.closed, status.items),
      onFailure: (address, err) => this.failed(address, err),
    })
  }

  /** Opens the bus and starts polling. Resolves at once even if the port is absent: it keeps trying. */
  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    this.offs.push(
      this.bus.on('connected', (e) => {
        this.emit('bus-up', { at: this.iso(), path: this.bus.path, reopened: e.reopened })
        this.poller.soonAll()
      }),
      this.bus.on('disconnected', (e) => this.onBusDown(e.error)),
      this.bus.on('open-failed', (e) => {
        if (this.boards.all().some((b) => b.online !== false)) this.onBusDown(e.error)
      }),
    )
    // A bus opened by its owner before start() gives no 'connected' event to start polling on.
    if (this.bus.connected) this.poller.soonAll()
    else await this.bus.open().catch(() => {})
  }

  /** Stops polling, fails every unlock still in progress (`code: 'closed'`), closes the bus. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    for (const off of this.offs.splice(0)) off()
    this.poller.stop()
    this.unlocks.clear((p) => new LockBoardError('closed', 'the cabinet monitor stopped', p))
    await this.bus.close()
    this.removeAllListeners()
  }

  /**
   * Fires one lock and resolves with what the board then showed: opened (a status showed the door open),
   * already-open, or jammed. Rejects AT ONCE, sending nothing, when the port is down (`disconnected`), the
   * board is offline or not yet seen (`offline`), or the lock is not watched (`invalid`). A second call for a
   * lock whose unlock is still being watched returns the same promise: nothing is fired twice.
   */
  unlock(board: number, lock: number): Promise<UnlockOutcome> {
    const b = this.boards.get(board)
    const ref = { board, lock }
    if (!b || !Number.isInteger(lock) || lock < 1 || lock > b.doors.length)
      return Promise.reject(new LockBoardError('invalid', `board ${board} lock ${lock} is not watched`, ref))
    if (this.stopped || !this.started)
      return Promise.reject(new LockBoardError('closed', 'the cabinet monitor is not running', ref))
    if (!this.bus.connected)
      return Promise.reject(
        new LockBoardError('disconnected', `serial port ${this.bus.path} is not open`, ref),
      )
    const existing = this.unlocks.get(board, lock)
    if (existing && existing.state !== 'jammed') return existing.promise
    if (b.online !== true)
      return Promise.reject(new LockBoardError('offline', `board ${board} is not answering`, ref))
    if (existing) this.unlocks.end(existing)
    const p = this.unlocks.begin(board, lock)
    this.bus.unlock(board, lock).then(
      (ack) => this.sent(p, ack.relay),
      (err: unknown) => {
        if (err instanceof LockBoardError && err.outcomeUnknown) return this.sent(p, 'unknown')
        this.unlocks.end(p)
        p.reject(err)
      },
    )
    return p.promise
  }

  /** Every watched lock as last seen: for a screen after start, or an audit. */
  snapshot() {
    return {
      connected: this.bus.connected,
      boards: this.boards.all().map((b) => ({
        board: b.address,
        online: b.online,
        lastSeenAt: b.lastSeenAt === null ? null : new Date(b.lastSeenAt).toISOString(),
        locks: b.doors.map((d, i) => ({
          lock: i + 1,
          open: d.open,
          openSince: d.open && d.since !== null ? new Date(d.since).toISOString() : null,
          item: d.item,
          unlock: this.unlocks.get(b.address, i + 1)?.state ?? null,
        })),
      })),
    }
  }

  stats() {
    return { bus: this.bus.stats(), ...this.boards.counts }
  }

  private sent(p: Pending, relay: RelayFact): void {
    if (this.unlocks.get(p.board, p.lock) !== p) return
    if (this.boards.get(p.board)?.doors[p.lock - 1]?.open === true) {
      this.unlocks.end(p)
      p.resolve({ outcome: 'already-open', relay })
      return
    }
    this.unlocks.watch(p, relay, this.jamAfterMs, (q) => this.onJam(q))
    this.poller.soon(p.board)
  }

  private onJam(p: Pending): void {
    if (p.state !== 'watching') return
    const afterMs = this.clock.now() - p.askedAt
    const fact = { afterMs, relay: p.relay, statusSeen: p.statusSeen }
    this.unlocks.jammed(p, this.lateOpenMs)
    this.emit('jam', { board: p.board, lock: p.lock, at: this.iso(), ...fact })
    p.resolve({ outcome: 'jammed', ...fact })
  }

  private observe(address: number, closed: boolean[], items?: boolean[]): void {
    const at = this.iso()
    for (const p of this.unlocks.forBoard(address)) if (p.state === 'watching') p.statusSeen = true
    const seen = this.boards.observe(address, closed, items, this.clock.now())
    for (const change of seen.changes) this.onDoor(change, at)
    if (seen.cameOnline)
      this.emit('board-online', {
        board: address,
        at,
        first: seen.first,
        locks: this.boards.locksOf(address),
      })
  }

  private onDoor(c: DoorChange, at: string): void {
    const ref = { board: c.board, lock: c.lock }
    if (c.kind === 'item') {
      this.emit('item-changed', { ...ref, at, present: c.present })
      return
    }
    if (c.kind === 'closed') {
      this.emit('door-closed', { ...ref, at, openForMs: c.openForMs, resync: c.resync })
      return
    }
    const p = this.unlocks.get(c.board, c.lock)
    if (c.initial) {
      if (p && p.state !== 'sending') this.confirm(p, at)
      return
    }
    this.emit('door-opened', { ...ref, at, commanded: p !== undefined, resync: c.resync })
    if (!p) this.emit('uncommanded-open', { ...ref, at, resync: c.resync })
    else if (p.state !== 'sending') this.confirm(p, at)
  }

  private confirm(p: Pending, at: string): void {
    const afterMs = this.clock.now() - p.askedAt
    const late = p.state === 'jammed'
    this.unlocks.end(p)
    this.emit('unlock-confirmed', { board: p.board, lock: p.lock, at, afterMs, relay: p.relay, late })
    if (!late) p.resolve({ outcome: 'opened', afterMs, relay: p.relay })
  }

  private failed(address: number, err: unknown): void {
    if (!(err instanceof LockBoardError) || !err.timeout) return
    if (this.boards.failed(address))
      this.emit('board-offline', { board: address, at: this.iso(), reason: 'silent' })
  }

  private onBusDown(error: LockBoardError): void {
    const at = this.iso()
    this.emit('bus-down', { at, path: this.bus.path, error })
    this.poller.pauseAll()
    for (const b of this.boards.all()) {
      if (this.boards.disconnected(b.address))
        this.emit('board-offline', { board: b.address, at, reason: 'disconnected' })
    }
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString()
  }
}
