/**
 * Simulated lock boards on a real serial line (the board end of a socat pty pair): the host's frames are read
 * with the family's own parser and protocol, and answered as the boards would, with the faults a station
 * meets: slow answers, no answer to an unlock, jams, doors forced open, garbage between frames, answers in
 * bursts, a board gone silent, several boards on one bus. Like the driver, it reopens its port by itself.
 */

import { hex } from '../checksum.js'
import { type Clock, systemClock } from '../clock.js'
import { Emitter } from '../emitter.js'
import { FrameParser, type ParseStats } from '../frame-parser.js'
import { type LockBoardProfile, resolveProfile } from '../profiles.js'
import { SerialLink } from '../serial-link.js'
import type { OpenSerial } from '../serial-port.js'
import { type LockBoardProtocol, ProtocolError, type Request } from '../types.js'
import { SimBoard, type SimBoardOptions } from './board.js'

export interface LockBoardSimulatorOptions {
  /** The board end of the line, e.g. the second link of a socat pty pair. */
  path: string
  profile: string
  /** The same settings as the installation it plays (hook polarity, CU16 unlock answer). */
  settings?: Record<string, unknown>
  boards: SimBoardOptions[]
  /** Delay every answer by the time it and its request take on the wire at the profile's baud rate. */
  realTiming?: boolean
  /** Before an answer, with this probability, 1–maxBytes random bytes (header bytes among them). */
  garbage?: { chance: number; maxBytes?: number }
  /** Each answer in two writes 3 ms apart, as USB adapters deliver bursts. */
  fragment?: boolean
  random?: () => number
  clock?: Clock
  /** node-serialport by default; memoryLine().board for a test without a pty. */
  openSerial?: OpenSerial
}

export interface ReceivedFrame {
  at: number
  hex: string
  request: Request
}

export interface SimulatorEvents {
  request: ReceivedFrame
  /** The port opened (again). */
  attached: { reopened: boolean }
  detached: Record<string, never>
}

const RECEIVED_KEPT = 10_000
const BROADCAST_SPACING_MS = 5

export class LockBoardSimulator extends Emitter<SimulatorEvents> {
  readonly profile: LockBoardProfile
  readonly protocol: LockBoardProtocol
  /** Every good frame the boards received, oldest first (the last 10,000). */
  readonly received: ReceivedFrame[] = []
  /** Frames refused by the boards' parser (bad checksum, garbage). */
  readonly parserStats: ParseStats
  private readonly boards = new Map<number, SimBoard>()
  private readonly link: SerialLink
  private readonly parser: FrameParser
  private readonly clock: Clock
  private readonly random: () => number

  constructor(private readonly opts: LockBoardSimulatorOptions) {
    super()
    const { profile, protocol } = resolveProfile(opts.profile, opts.settings)
    this.profile = profile
    this.protocol = protocol
    this.clock = opts.clock ?? systemClock
    this.random = opts.random ?? Math.random
    for (const b of opts.boards) this.boards.set(b.address, new SimBoard(b, this.clock))
    this.parser = new FrameParser(protocol.requestFrames)
    this.parserStats = this.parser.stats
    this.link = new SerialLink({
      path: opts.path,
      serial: profile.serial,
      clock: this.clock,
      reconnect: { firstMs: 50, maxMs: 500 },
      openSerial: opts.openSerial,
    })
    this.link.on('data', (chunk) => {
      for (const f of this.parser.push(chunk)) this.onFrame(f)
    })
    this.link.on('up', (e) => this.emit('attached', { reopened: e.reopened }))
    this.link.on('down', () => {
      this.parser.reset()
      this.emit('detached', {})
    })
  }

  /** Opens the port (and keeps reopening it whenever it goes away, until stop()). */
  start(): Promise<void> {
    return this.link.open()
  }

  get attached(): boolean {
    return this.link.isOpen
  }

  async stop(): Promise<void> {
    await this.link.close()
  }

  board(address: number): SimBoard {
    const b = this.boards.get(address)
    if (!b) throw new RangeError(`no simulated board at address ${address}`)
    return b
  }

  /** Unlock frames received, optionally for one board and lock. */
  unlocksSeen(board?: number, lock?: number): ReceivedFrame[] {
    return this.received.filter(
      (r) =>
        r.request.kind === 'unlock' &&
        (board === undefined || r.request.board === board) &&
        (lock === undefined || r.request.lock === lock),
    )
  }

  private onFrame(frame: Buffer): void {
    let request: Request
    try {
      request = this.protocol.decodeRequest(frame)
    } catch (err) {
      if (err instanceof ProtocolError) return
      throw err
    }
    const seen = { at: this.clock.now(), hex: hex(frame), request }
    this.received.push(seen)
    if (this.received.length > RECEIVED_KEPT) this.received.shift()
    this.emit('request', seen)
    const targets =
      request.board === 'broadcast'
        ? [...this.boards.values()].sort((a, b) => a.address - b.address)
        : [this.boards.get(request.board)].filter((b): b is SimBoard => b !== undefined)
    let at = 0
    for (const board of targets) {
      if (board.silent) continue
      try {
        if (request.kind === 'unlock')
          request.lock === 'all' ? board.fireAll() : board.fireRelay(request.lock)
        if (request.kind === 'status' && request.lock !== undefined && request.lock > board.lockCount)
          continue
      } catch (err) {
        if (err instanceof RangeError) continue
        throw err
      }
      if (request.kind === 'unlock' && board.noUnlockReply) continue
      const delayMs = request.kind === 'unlock' ? board.unlockReplyDelayMs : board.replyDelayMs
      // The answer is built when it is sent, so it shows the door as it is by then.
      const send = () => {
        const reply = this.protocol.encodeReply(request, board.view())
        if (reply) this.send(reply)
      }
      const wire = this.opts.realTiming ? this.wireMs(frame.length + this.replyLength(request, board)) : 0
      at += delayMs + wire
      this.clock.setTimeout(send, at)
      if (request.board === 'broadcast' && this.protocol.broadcastAnswers) at += BROADCAST_SPACING_MS
    }
  }

  private replyLength(request: Request, board: SimBoard): number {
    return this.protocol.encodeReply(request, board.view())?.length ?? 0
  }

  private wireMs(bytes: number): number {
    // 8N1: a start bit, 8 data bits and a stop bit per byte.
    return (bytes * 10 * 1000) / this.profile.serial.baudRate
  }

  private send(reply: Buffer): void {
    if (!this.link.isOpen) return
    const g = this.opts.garbage
    let out = reply
    if (g && this.random() < g.chance) {
      const n = 1 + Math.floor(this.random() * (g.maxBytes ?? 6))
      out = Buffer.concat([Buffer.from(Array.from({ length: n }, () => this.garbageByte())), reply])
    }
    if (!this.opts.fragment || out.length < 2) {
      this.link.write(out).catch(() => {})
      return
    }
    const cut = 1 + Math.floor(this.random() * (out.length - 1))
    this.link.write(out.subarray(0, cut)).catch(() => {})
    this.clock.setTimeout(() => {
      if (this.link.isOpen) this.link.write(out.subarray(cut)).catch(() => {})
    }, 3)
  }

  /** A third of garbage bytes are the family's frame header, the worst kind for a parser. */
  private garbageByte(): number {
    if (this.random() < 1 / 3) return this.protocol.replyFrames.isStart(0x02) ? 0x02 : 0x8a
    return Math.floor(this.random() * 256)
  }
}
