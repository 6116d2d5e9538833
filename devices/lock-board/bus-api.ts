/**
 * The lock-board bus interface, its options, events and counters: what the monitor, the CLI and the hub's
 * lockers feature program against. bus.ts implements it on node-serialport.
 */
import type { Clock } from './clock.js'
import type { LockBoardError } from './errors.js'
import type { ParseProblem } from './frame-parser.js'
import type { LockBoardProfile, Timing } from './profiles.js'
import type { ReconnectPolicy } from './serial-link.js'
import type { OpenSerial } from './serial-port.js'
import type { BoardStatus, LockBoardProtocol, LockStatus, Reply, UnlockAck } from './types.js'

export interface LockBoardBusOptions {
  /** The adapter's stable path, e.g. /dev/serial/by-id/usb-FTDI_…-if00-port0. */
  path: string
  /** kerong-cu16, kerong-cu48 or generic-8a. */
  profile: string
  /** This installation's answers to what the sources disagree on (see PROFILES[profile].settings). */
  settings?: Record<string, unknown>
  clock?: Clock
  reconnect?: ReconnectPolicy
  /** Overrides of the profile's timing, e.g. a longer reply timeout for a slow bridge. */
  timing?: Partial<Timing>
  /**
   * The adapter reads back what it sends (a two-wire transceiver with its receiver always on). Then the copy
   * of each request is taken off the front of what comes back. Off by default: most USB-RS485 adapters do not echo, and a 0x8A board's
   * answer to an unlock that left the lock closed (`8A 01 01 11 9B`) is byte for byte the request.
   */
  echo?: boolean
  openSerial?: OpenSerial
  /** A listener of the bus's events that throws is reported here; the driver carries on. */
  onListenerError?: (err: unknown, event: string) => void
}

export interface BusStats {
  sent: number
  answered: number
  timeouts: number
  /** Frames that passed their checksum but answered nothing in flight (late answers, pushes). */
  unsolicited: number
  /** Our own frame read back and dropped, with `echo: true`. */
  echoes: number
  /** Frames refused: bad checksum or end byte, unknown command, impossible value. */
  badFrames: number
  garbageBytes: number
  truncated: number
  reopened: number
}

export interface BusEvents {
  connected: { path: string; reopened: boolean }
  disconnected: { error: LockBoardError }
  'open-failed': { error: LockBoardError; retryInMs: number }
  /** A refused frame or garbage: counted in stats() too. */
  'frame-error': ParseProblem | { kind: 'undecodable'; reason: string }
  /** A good frame that answers no request in flight. */
  unsolicited: Reply
}

/** One bus: the interface the monitor, the CLI and the hub use. */
export interface LockBoardBus {
  readonly path: string
  readonly profile: LockBoardProfile
  readonly protocol: LockBoardProtocol
  readonly timing: Timing
  /** The serial port is open now. */
  readonly connected: boolean
  /** First attempt to open; the bus keeps reopening by itself until close() whatever it says. */
  open(): Promise<void>
  /** Fires one lock's relay. Rejects at once with `disconnected: true` while the port is down. */
  unlock(board: number, lock: number): Promise<UnlockAck>
  status(board: number, lock: number): Promise<LockStatus>
  /** Every lock of one board. */
  statusAll(board: number): Promise<BoardStatus>
  close(): Promise<void>
  stats(): BusStats
  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void
}
