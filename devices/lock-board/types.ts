/**
 * What every lock-board profile speaks, normalised: the driver, the monitor and the simulator see these
 * shapes, never a family's bytes. Locks are numbered from 1, as on the board's terminals and in the manuals;
 * boards by the address set on their DIP or rotary switch.
 */

export type ProfileName = 'kerong-cu16' | 'kerong-cu48' | 'generic-8a'

/** One board's locks as it reported them, after the installation's polarity setting. */
export interface BoardStatus {
  board: number
  /** `closed[i]` is lock i+1: true = hook latched (door shut and locked), false = open. As many as the frame carries. */
  closed: boolean[]
  /** KR-CU16's infrared sensors: `items[i]` true = something is in locker i+1. Absent on boards without. */
  items?: boolean[]
}

export interface LockStatus {
  board: number
  lock: number
  /** true = hook latched (door shut and locked). */
  closed: boolean
  item?: boolean
}

/** What the board said (or did not say) to an unlock. Never "the door opened": only a status shows that. */
export interface UnlockAck {
  board: number
  lock: number
  /**
   * `sent`: written to the bus, and the profile says the board answers nothing (Kerong); `acknowledged`: the
   * board answered the unlock frame.
   */
  relay: 'sent' | 'acknowledged'
  /** The lock's feedback in the board's answer (0x8A boards), when there is one; informative only. */
  feedbackClosed?: boolean
}

/** A decoded frame from a board. */
export type Reply =
  | { kind: 'board-status'; status: BoardStatus }
  | { kind: 'lock-status'; board: number; lock: number; closed: boolean; cause: 'unlock' | 'query' | 'push' }

/** What the host expects back from a request: which reply answers it. */
export type Expectation =
  | { kind: 'board-status'; board: number }
  | { kind: 'lock-status'; board: number; lock: number; cause: 'unlock' | 'query' }

/** A request, for the driver to send: the frame, what answers it, and how the answer becomes a result. */
export interface Exchange<T> {
  frame: Buffer
  /** null: the board answers nothing; the driver only writes. */
  expect: Expectation | null
  /** The result from the matching reply; with `expect: null`, called with null. */
  result(reply: Reply | null): T
}

/** A decoded frame from the host, for the simulator. `cmd` is the raw command byte, for the reply's shape. */
export type Request =
  | { kind: 'unlock'; board: number | 'broadcast'; lock: number | 'all'; cmd: number }
  | { kind: 'status'; board: number | 'broadcast'; lock?: number; cmd: number }

/** How the stream parser finds frames of one direction of one family. Pure. */
export interface FrameSpec<Hint = unknown> {
  /** Can a frame start with this byte? Anything else before a frame is garbage. */
  isStart(byte: number): boolean
  /**
   * How long the frame starting at `head[0]` is: `{ min, max }` bytes (equal when the frame says it), 'more'
   * when more bytes are needed to tell, or `{ bad }` when no frame can start here.
   */
  measure(head: Uint8Array, hint?: Hint): { min: number; max: number } | 'more' | { bad: string }
  /** Checks a complete candidate (end byte, checksum): null when good, else why not. */
  check(frame: Uint8Array): string | null
}

/** A board as the simulator holds it, for encoding its replies. */
export interface BoardView {
  address: number
  closed: boolean[]
  items?: boolean[]
  /** 0x8A boards: status bytes in a query-all answer (default: at least 3, as an 8-channel board sends). */
  statusBytes?: number
}

/** One family's frames, both directions, bound to one installation's settings. Pure functions only. */
export interface LockBoardProtocol {
  readonly name: ProfileName
  /** Board → host frames (the driver's parser). Its hint is the expectation of the request in flight. */
  readonly replyFrames: FrameSpec<Expectation>
  unlock(board: number, lock: number): Exchange<UnlockAck>
  status(board: number, lock: number): Exchange<LockStatus>
  statusAll(board: number): Exchange<BoardStatus>
  /** Throws ProtocolError naming what is wrong with a frame that passed its checksum. */
  decodeReply(frame: Uint8Array): Reply
  /** Does this reply answer that expectation (header, board, lock)? */
  answers(reply: Reply, expect: Expectation): boolean

  /** Host → board frames (the simulator's parser). */
  readonly requestFrames: FrameSpec
  decodeRequest(frame: Uint8Array): Request
  /** The board's answer to a request it has already carried out, or null when it answers nothing. */
  encodeReply(request: Request, board: BoardView): Buffer | null
  /** Boards addressed by a broadcast status request answer one after another (simulator). */
  readonly broadcastAnswers: boolean
}

/** A frame that passed its checksum but does not make sense (unknown command, impossible value). */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

export function bitsOf(bytes: Uint8Array | number[], count: number): boolean[] {
  const out: boolean[] = []
  for (let i = 0; i < count; i++) out.push((((bytes[i >> 3] as number) >> (i & 7)) & 1) === 1)
  return out
}

export function bytesOf(bits: boolean[], byteCount: number): number[] {
  const out = new Array<number>(byteCount).fill(0)
  bits.forEach((b, i) => {
    if (b && i >> 3 < byteCount) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7))
  })
  return out
}
