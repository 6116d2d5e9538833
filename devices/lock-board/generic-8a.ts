/**
 * The generic "0x8A / 0x80" lock boards (8–48 channels, AliExpress/Taobao), 9600 8N1. Every frame from the
 * host is 5 bytes, `HEADER BOARD LOCK FUNC BCC`, BCC = XOR of the 4 before it. Replies: `8A BB LL SS BCC` to
 * an unlock, `80 BB LL SS BCC` to a query of one, `80 BB S_n … S_1 33 BCC` to a query of all, where the LAST
 * status byte is locks 1–8 and the number of status bytes is the board's own (an 8-channel board sends 3):
 * read from the frame, never inferred from the channel count. SS is 0x00 or 0x11; which one means "closed"
 * depends on the lock's feedback switch. See lock-boards.md §2.
 */
import { xor8 } from './checksum.js'
import {
  type BoardView,
  bitsOf,
  bytesOf,
  type Expectation,
  type LockBoardProtocol,
  ProtocolError,
  type Reply,
  type Request,
} from './types.js'

export interface Generic8aSettings {
  /**
   * What the 0x11 signal means: `door-closing` (default: 0x11 = closed, 0x00 = open; Open-Locker's default and
   * CSDN u012909822's "11 表示锁关闭") or `door-opening` (the reverse: locks that short when open).
   */
  feedback: 'door-closing' | 'door-opening'
  /**
   * Status bytes in this installation's query-all answer, when known (e.g. 3 on an 8-channel board): the frame
   * then has a fixed length. Unset: the length is read from the frame (it ends when the line goes quiet).
   */
  statusBytes?: number
}

export const GENERIC_8A_DEFAULTS: Generic8aSettings = { feedback: 'door-closing' }

export const G8A = {
  unlock: 0x8a,
  query: 0x80,
  /** A spontaneous change, pushed by some custom firmwares only; standard boards push nothing. */
  push: 0x82,
  unlockFunc: 0x11,
  queryFunc: 0x33,
  signalOn: 0x11,
  signalOff: 0x00,
  /** Most status bytes a query-all answer is read with (64 channels). */
  maxStatusBytes: 8,
} as const

function frame(header: number, board: number, lock: number, func: number): Buffer {
  const f = Buffer.from([header, board, lock, func, 0])
  f[4] = xor8(f, 0, 4)
  return f
}

function checkAddress(board: number, lock?: number): void {
  if (!Number.isInteger(board) || board < 1 || board > 255)
    throw new RangeError(`board ${board}: a 0x8A board's address is 1–255 (0 is not used)`)
  if (lock !== undefined && (!Number.isInteger(lock) || lock < 1 || lock > 8 * G8A.maxStatusBytes))
    throw new RangeError(`lock ${lock}: channels are 1–${8 * G8A.maxStatusBytes}`)
}

export function encodeUnlock(board: number, lock: number): Buffer {
  checkAddress(board, lock)
  return frame(G8A.unlock, board, lock, G8A.unlockFunc)
}

export function encodeQuery(board: number, lock: number | 'all'): Buffer {
  checkAddress(board, lock === 'all' ? undefined : lock)
  return frame(G8A.query, board, lock === 'all' ? 0 : lock, G8A.queryFunc)
}

/** An 8-channel board answers with 3 status bytes, a 32-channel one with 4 (lock-boards.md §2). */
export function defaultStatusBytes(locks: number): number {
  return Math.max(3, Math.ceil(locks / 8))
}

export function generic8a(settings: Generic8aSettings = GENERIC_8A_DEFAULTS): LockBoardProtocol {
  const onMeansClosed = settings.feedback === 'door-closing'
  const signal = (closed: boolean) => (closed === onMeansClosed ? G8A.signalOn : G8A.signalOff)
  const closedOf = (ss: number): boolean => {
    if (ss !== G8A.signalOn && ss !== G8A.signalOff)
      throw new ProtocolError(`lock signal ${ss.toString(16)}: expected 00 or 11`)
    return (ss === G8A.signalOn) === onMeansClosed
  }
  const checkFrame = (f: Uint8Array): string | null => {
    const n = f.length
    if (n > 5 && f[n - 2] !== G8A.queryFunc) return `no 33 before the BCC of a query-all answer`
    const want = xor8(f, 0, n - 1)
    return f[n - 1] === want ? null : `BCC ${f[n - 1]?.toString(16)} should be ${want.toString(16)}`
  }
  const fixed = { min: 5, max: 5 }
  const replyLength = (hint?: Expectation) => {
    if (hint?.kind !== 'board-status') return fixed
    if (settings.statusBytes) return { min: settings.statusBytes + 4, max: settings.statusBytes + 4 }
    return { min: 5, max: G8A.maxStatusBytes + 4 }
  }
  const boardStatus = (r: Reply | null) => (r as Extract<Reply, { kind: 'board-status' }>).status

  return {
    name: 'generic-8a',
    replyFrames: {
      isStart: (b) => b === G8A.unlock || b === G8A.query || b === G8A.push,
      measure: (h, hint) => (h[0] === G8A.query ? replyLength(hint) : fixed),
      check: checkFrame,
    },
    unlock(board, lock) {
      return {
        frame: encodeUnlock(board, lock),
        expect: { kind: 'lock-status', board, lock, cause: 'unlock' },
        result: (r) => ({
          board,
          lock,
          relay: 'acknowledged',
          feedbackClosed: r?.kind === 'lock-status' ? r.closed : undefined,
        }),
      }
    },
    status(board, lock) {
      return {
        frame: encodeQuery(board, lock),
        expect: { kind: 'lock-status', board, lock, cause: 'query' },
        result: (r) => ({ board, lock, closed: r?.kind === 'lock-status' && r.closed }),
      }
    },
    statusAll(board) {
      return {
        frame: encodeQuery(board, 'all'),
        expect: { kind: 'board-status', board },
        result: boardStatus,
      }
    },
    decodeReply(f): Reply {
      const [header, board, third, fourth] = f as unknown as number[]
      if (header === G8A.query && (f.length > 5 || fourth === G8A.queryFunc)) {
        // 80 BB S_n … S_1 33 BCC: reversed, so the last status byte (locks 1–8) comes first.
        const status = Array.from(f.subarray(2, f.length - 2)).reverse()
        const closed = bitsOf(status, status.length * 8).map((on) => on === onMeansClosed)
        return { kind: 'board-status', status: { board: board as number, closed } }
      }
      if (f.length !== 5) throw new ProtocolError(`a ${f.length}-byte frame that is no query-all answer`)
      if (third === 0) throw new ProtocolError('an answer for lock 0 (all locks): never asked')
      const cause = header === G8A.unlock ? 'unlock' : header === G8A.query ? 'query' : 'push'
      return {
        kind: 'lock-status',
        board: board as number,
        lock: third as number,
        closed: closedOf(fourth as number),
        cause,
      }
    },
    answers(reply, expect) {
      if (reply.kind === 'board-status')
        return expect.kind === 'board-status' && reply.status.board === expect.board
      return (
        expect.kind === 'lock-status' &&
        reply.board === expect.board &&
        reply.lock === expect.lock &&
        reply.cause === expect.cause
      )
    },

    requestFrames: {
      isStart: (b) => b === G8A.unlock || b === G8A.query,
      measure: () => fixed,
      check: checkFrame,
    },
    decodeRequest(f): Request {
      const [header, board, lock, func] = f as unknown as number[]
      if (header === G8A.unlock && func === G8A.unlockFunc)
        return {
          kind: 'unlock',
          board: board as number,
          lock: lock === 0 ? 'all' : (lock as number),
          cmd: header,
        }
      if (header === G8A.query && func === G8A.queryFunc)
        return lock === 0
          ? { kind: 'status', board: board as number, cmd: header }
          : { kind: 'status', board: board as number, lock: lock as number, cmd: header }
      throw new ProtocolError(`unknown frame ${header?.toString(16)} … ${func?.toString(16)}`)
    },
    encodeReply(req, view: BoardView) {
      const addr = view.address
      if (req.kind === 'unlock') {
        if (req.lock === 'all') return frame(G8A.unlock, addr, 0, G8A.unlockFunc)
        return frame(G8A.unlock, addr, req.lock, signal(view.closed[req.lock - 1] ?? true))
      }
      if (req.lock !== undefined)
        return frame(G8A.query, addr, req.lock, signal(view.closed[req.lock - 1] ?? true))
      const n = view.statusBytes ?? defaultStatusBytes(view.closed.length)
      const on = view.closed.map((c) => c === onMeansClosed)
      const status = bytesOf(on, n).reverse()
      const f = Buffer.from([G8A.query, addr, ...status, G8A.queryFunc, 0])
      f[f.length - 1] = xor8(f, 0, f.length - 1)
      return f
    },
    broadcastAnswers: false,
  }
}
