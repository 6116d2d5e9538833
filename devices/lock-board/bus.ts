/**
 * The lock-board driver: one RS-485 bus (one serial port, one or more boards) behind one interface, in the
 * style of node-serialport's binding: `open()`, then promise methods. Every frame's checksum is checked (the
 * parser), each answer must match its request by header, board and lock, reads get bounded retries, and an
 * unlock is never sent twice by the driver: a lost answer only makes its outcome unknown.
 */
import type { BusEvents, BusStats, LockBoardBus, LockBoardBusOptions } from './bus-api.js'
import { BusQueue, type JobKind } from './bus-queue.js'
import { type Clock, delay, systemClock } from './clock.js'
import { Emitter } from './emitter.js'
import { LockBoardError } from './errors.js'
import { FrameParser } from './frame-parser.js'
import { type LockBoardProfile, resolveProfile, type Timing } from './profiles.js'
import { SerialLink } from './serial-link.js'
import type {
  BoardStatus,
  Exchange,
  Expectation,
  LockBoardProtocol,
  LockStatus,
  Reply,
  UnlockAck,
} from './types.js'
import { ProtocolError } from './types.js'

export type { BusEvents, BusStats, LockBoardBus, LockBoardBusOptions } from './bus-api.js'

interface InFlight {
  frame: Buffer
  expect: Expectation
  kind: JobKind
  meta: JobMeta
  settle: (reply: Reply | LockBoardError) => void
}

interface JobMeta {
  board: number
  lock?: number
}

export class SerialLockBoardBus extends Emitter<BusEvents> implements LockBoardBus {
  readonly path: string
  readonly profile: LockBoardProfile
  readonly protocol: LockBoardProtocol
  readonly timing: Timing
  private readonly clock: Clock
  private readonly link: SerialLink
  private readonly parser: FrameParser<Expectation>
  private readonly queue: BusQueue<JobMeta>
  private inFlight: InFlight | undefined
  private idleTimer: unknown
  private readonly counts = { sent: 0, answered: 0, timeouts: 0, unsolicited: 0, echoes: 0, badFrames: 0 }
  private reopened = 0
  private closing = false
  private readonly echo: boolean
  /** With echo: the bytes of our last frame still to come back. */
  private echoLeft: Buffer | null = null

  constructor(opts: LockBoardBusOptions) {
    super(opts.onListenerError)
    const { profile, protocol } = resolveProfile(opts.profile, opts.settings)
    this.path = opts.path
    this.profile = profile
    this.protocol = protocol
    this.timing = { ...profile.timing, ...opts.timing }
    this.clock = opts.clock ?? systemClock
    this.echo = opts.echo ?? false
    this.queue = new BusQueue(this.clock, this.timing.gapMs)
    this.parser = new FrameParser(protocol.replyFrames, (p) => this.emit('frame-error', p))
    this.link = new SerialLink({
      path: opts.path,
      serial: profile.serial,
      clock: this.clock,
      reconnect: opts.reconnect,
      openSerial: opts.openSerial,
    })
    this.link.on('data', (chunk) => this.onData(chunk))
    this.link.on('up', (e) => {
      if (e.reopened) this.reopened++
      this.parser.reset()
      this.emit('connected', e)
    })
    this.link.on('down', (e) => this.onDown(e.error))
    this.link.on('open-failed', (e) => this.emit('open-failed', e))
  }

  get connected(): boolean {
    return this.link.isOpen
  }

  open(): Promise<void> {
    return this.link.open()
  }

  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    this.queue.failAll(
      (_kind, meta) => new LockBoardError('closed', `the bus on ${this.path} was closed`, meta),
    )
    const flight = this.inFlight
    flight?.settle(
      new LockBoardError('closed', `the bus on ${this.path} was closed`, {
        ...flight.meta,
        outcomeUnknown: flight.kind === 'unlock',
      }),
    )
    this.clock.clearTimeout(this.idleTimer)
    await this.link.close()
    this.removeAllListeners()
  }

  unlock(board: number, lock: number): Promise<UnlockAck> {
    return this.submit('unlock', { board, lock }, () => this.protocol.unlock(board, lock))
  }

  status(board: number, lock: number): Promise<LockStatus> {
    return this.submit('read', { board, lock }, () => this.protocol.status(board, lock))
  }

  statusAll(board: number): Promise<BoardStatus> {
    return this.submit('read', { board }, () => this.protocol.statusAll(board))
  }

  stats(): BusStats {
    const p = this.parser.stats
    return {
      ...this.counts,
      badFrames: this.counts.badFrames + p.badFrames,
      garbageBytes: p.garbageBytes,
      truncated: p.truncated,
      reopened: this.reopened,
    }
  }

  private submit<T>(kind: JobKind, meta: JobMeta, make: () => Exchange<T>): Promise<T> {
    const problem = this.addressProblem(meta)
    if (problem) return Promise.reject(new LockBoardError('invalid', problem, meta))
    if (this.closing)
      return Promise.reject(new LockBoardError('closed', `the bus on ${this.path} is closed`, meta))
    // Refused now, not queued: an unlock must never fire minutes later when the adapter comes back.
    if (!this.link.isOpen) return Promise.reject(this.disconnectedError(meta, false))
    const exchange = make()
    return this.queue.run(kind, meta, () => this.transact(kind, meta, exchange))
  }

  private async transact<T>(kind: JobKind, meta: JobMeta, ex: Exchange<T>): Promise<T> {
    const attempts = kind === 'read' ? 1 + this.timing.readRetries : 1
    const timeoutMs = kind === 'unlock' ? this.timing.unlockReplyTimeoutMs : this.timing.replyTimeoutMs
    for (let attempt = 1; ; attempt++) {
      if (this.closing) throw new LockBoardError('closed', `the bus on ${this.path} is closed`, meta)
      if (!this.link.isOpen) throw this.disconnectedError(meta, false)
      // Stale bytes answer nothing; dropping them keeps a late answer from matching this request.
      this.parser.reset()
      this.parser.hint = ex.expect ?? undefined
      const answer = ex.expect ? this.awaitAnswer(ex.frame, ex.expect, timeoutMs, meta, kind) : undefined
      try {
        this.counts.sent++
        this.echoLeft = this.echo ? ex.frame : null
        await this.link.write(ex.frame)
      } catch {
        this.inFlight = undefined
        // The frame may have left in part or whole: for an unlock, the relay may have fired.
        throw this.disconnectedError(meta, kind === 'unlock')
      }
      if (!answer) return ex.result(null)
      const reply = await answer
      if (reply instanceof LockBoardError) {
        if (reply.timeout && attempt < attempts) {
          await delay(this.clock, this.timing.gapMs)
          continue
        }
        throw reply
      }
      this.counts.answered++
      return ex.result(reply)
    }
  }

  private awaitAnswer(
    frame: Buffer,
    expect: Expectation,
    timeoutMs: number,
    meta: JobMeta,
    kind: JobKind,
  ): Promise<Reply | LockBoardError> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.counts.timeouts++
        const what = kind === 'unlock' ? 'unlock' : 'status'
        settle(
          new LockBoardError('timeout', `board ${meta.board}: no answer to ${what} within ${timeoutMs} ms`, {
            ...meta,
            outcomeUnknown: kind === 'unlock',
          }),
        )
      }, timeoutMs)
      const settle = (r: Reply | LockBoardError) => {
        if (this.inFlight !== flight) return
        this.inFlight = undefined
        this.clock.clearTimeout(timer)
        resolve(r)
      }
      const flight: InFlight = { frame, expect, kind, meta, settle }
      this.inFlight = flight
    })
  }

  private onData(chunk: Buffer): void {
    this.clock.clearTimeout(this.idleTimer)
    const data = this.stripEcho(chunk)
    if (data.length === 0) return
    for (const f of this.parser.push(data)) this.onFrame(f)
    if (this.parser.pending > 0)
      this.idleTimer = this.clock.setTimeout(() => {
        for (const f of this.parser.idle()) this.onFrame(f)
      }, this.timing.frameSilenceMs)
  }

  /**
   * With `echo: true`, the bytes of our own last frame are taken off the front of what comes back, before the
   * parser sees them: a frame-level check is not enough, since an echo and the answer right behind it can
   * read as one longer frame of open length (0x8A query-all). Bytes that differ end the echo.
   */
  private stripEcho(chunk: Buffer): Buffer {
    const left = this.echoLeft
    if (!left) return chunk
    let i = 0
    while (i < chunk.length && i < left.length && chunk[i] === left[i]) i++
    if (i < chunk.length && i < left.length) {
      this.echoLeft = null
      return chunk
    }
    this.echoLeft = i === left.length ? null : left.subarray(i)
    if (!this.echoLeft) this.counts.echoes++
    return chunk.subarray(i)
  }

  private onFrame(frame: Buffer): void {
    const flight = this.inFlight
    let reply: Reply
    try {
      reply = this.protocol.decodeReply(frame)
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err
      this.counts.badFrames++
      this.emit('frame-error', { kind: 'undecodable', reason: err.message })
      return
    }
    if (flight && this.protocol.answers(reply, flight.expect)) {
      flight.settle(reply)
      return
    }
    this.counts.unsolicited++
    this.emit('unsolicited', reply)
  }

  private onDown(error: LockBoardError): void {
    this.clock.clearTimeout(this.idleTimer)
    this.parser.reset()
    this.queue.failAll((_kind, meta) => this.disconnectedError(meta, false))
    const flight = this.inFlight
    // The frame is out: for an unlock the relay may have fired, so its outcome is unknown, not failed.
    flight?.settle(this.disconnectedError(flight.meta, flight.kind === 'unlock', error.errno))
    this.emit('disconnected', { error })
  }

  private disconnectedError(meta: JobMeta, outcomeUnknown: boolean, errno?: string): LockBoardError {
    return new LockBoardError('disconnected', `serial port ${this.path} is not open`, {
      ...meta,
      outcomeUnknown,
      errno,
    })
  }

  private addressProblem({ board, lock }: JobMeta): string | undefined {
    const { boards, locks } = this.profile.addressing
    if (!Number.isInteger(board) || board < boards.min || board > boards.max)
      return `board ${board}: ${this.profile.name} boards are ${boards.min}–${boards.max}`
    if (lock !== undefined && (!Number.isInteger(lock) || lock < 1 || lock > locks.max))
      return `lock ${lock}: ${this.profile.name} locks are 1–${locks.max}`
    return undefined
  }
}

/** Makes a bus for one serial port; call open() on it. */
export function createLockBoardBus(opts: LockBoardBusOptions): LockBoardBus {
  return new SerialLockBoardBus(opts)
}
