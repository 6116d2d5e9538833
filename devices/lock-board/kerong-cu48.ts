/**
 * Kerong KR-CU48, official protocol V2.1 (Kerong R&D, 2020-03-23), 19200 8N1. Host: `02 ADDR LOCKNUM CMD 03
 * SUM`, 6 bytes (the PDF's "fixed length 32 bytes" is a doc error: every example is 6). Board: `02 ADDR
 * LOCKNUM 65 D1..D6 03 SUM`, 12 bytes; D1 bit0 = lock 1 … D6 bit7 = lock 48. ADDR 0x0A = every board;
 * LOCKNUM 0x30 = every lock. Unlock (0x51) is answered "without returned data". See lock-boards.md §1B.
 */
import { sum8 } from './checksum.js'
import {
  type BoardView,
  bitsOf,
  bytesOf,
  type LockBoardProtocol,
  ProtocolError,
  type Reply,
  type Request,
} from './types.js'

export interface Cu48Settings {
  /** The D-bit of a latched hook: 1 (default, the official PDF) or 0 (an NO hook switch: "can be opposite"). */
  lockedBit: 0 | 1
}

export const CU48_DEFAULTS: Cu48Settings = { lockedBit: 1 }

const STX = 0x02
const ETX = 0x03
export const CU48 = {
  status: 0x50,
  unlock: 0x51,
  statusReply: 0x65,
  /** ADDR of every board on the bus. */
  broadcast: 0x0a,
  /** LOCKNUM of every lock of a board. */
  allLocks: 0x30,
} as const

function frame(addr: number, lockNum: number, cmd: number): Buffer {
  const f = Buffer.from([STX, addr, lockNum, cmd, ETX, 0])
  f[5] = sum8(f, 0, 5)
  return f
}

function checkAddress(board: number, lock?: number): void {
  if (!Number.isInteger(board) || board < 0 || board > 9)
    throw new RangeError(`board ${board}: a KR-CU48 address is 0–9 (0x0A is every board)`)
  if (lock !== undefined && (!Number.isInteger(lock) || lock < 1 || lock > 48))
    throw new RangeError(`lock ${lock}: a KR-CU48 has locks 1–48`)
}

export function encodeUnlock(board: number, lock: number): Buffer {
  checkAddress(board, lock)
  return frame(board, lock - 1, CU48.unlock)
}

/** LOCKNUM 00, as in every example of the PDF: the answer carries all 48 locks whatever it is. */
export function encodeStatus(board: number | 'broadcast'): Buffer {
  if (board !== 'broadcast') checkAddress(board)
  return frame(board === 'broadcast' ? CU48.broadcast : board, 0, CU48.status)
}

export function encodeStatusReply(view: BoardView, lockedBit: 0 | 1): Buffer {
  const d = bytesOf(
    view.closed.map((c) => c === (lockedBit === 1)),
    6,
  )
  const f = Buffer.from([STX, view.address, 0, CU48.statusReply, ...d, ETX, 0])
  f[11] = sum8(f, 0, 11)
  return f
}

function checkFrame(f: Uint8Array): string | null {
  const n = f.length
  if (f[n - 2] !== ETX) return `no ETX (03) before the checksum`
  const want = sum8(f, 0, n - 1)
  return f[n - 1] === want ? null : `checksum ${f[n - 1]?.toString(16)} should be ${want.toString(16)}`
}

export function cu48(settings: Cu48Settings = CU48_DEFAULTS): LockBoardProtocol {
  const boardStatus = (r: Reply | null) => (r as Extract<Reply, { kind: 'board-status' }>).status
  return {
    name: 'kerong-cu48',
    replyFrames: {
      isStart: (b) => b === STX,
      measure: (h) => {
        if (h.length < 4) return 'more'
        return h[3] === CU48.statusReply
          ? { min: 12, max: 12 }
          : { bad: `unknown reply command ${h[3]?.toString(16)}` }
      },
      check: checkFrame,
    },
    unlock(board, lock) {
      return {
        frame: encodeUnlock(board, lock),
        expect: null,
        result: () => ({ board, lock, relay: 'sent' }),
      }
    },
    status(board, lock) {
      checkAddress(board, lock)
      return {
        frame: encodeStatus(board),
        expect: { kind: 'board-status', board },
        result: (r) => ({ board, lock, closed: boardStatus(r).closed[lock - 1] ?? false }),
      }
    },
    statusAll(board) {
      return { frame: encodeStatus(board), expect: { kind: 'board-status', board }, result: boardStatus }
    },
    decodeReply(f) {
      if (f.length !== 12 || f[3] !== CU48.statusReply)
        throw new ProtocolError(`not a KR-CU48 status frame (command ${f[3]?.toString(16)})`)
      const board = f[1] as number
      if (board > 9) throw new ProtocolError(`status frame from address ${board}: boards are 0–9`)
      const closed = bitsOf(f.subarray(4, 10), 48).map((bit) => bit === (settings.lockedBit === 1))
      return { kind: 'board-status', status: { board, closed } }
    },
    answers: (reply, expect) =>
      reply.kind === 'board-status' && expect.kind === 'board-status' && reply.status.board === expect.board,

    requestFrames: {
      isStart: (b) => b === STX,
      measure: (h) => {
        if (h.length < 4) return 'more'
        return h[3] === CU48.status || h[3] === CU48.unlock
          ? { min: 6, max: 6 }
          : { bad: `unknown command ${h[3]?.toString(16)}` }
      },
      check: checkFrame,
    },
    decodeRequest(f): Request {
      const addr = f[1] as number
      const lockNum = f[2] as number
      const cmd = f[3] as number
      const board = addr === CU48.broadcast ? 'broadcast' : addr
      if (cmd === CU48.status) return { kind: 'status', board, cmd }
      if (cmd === CU48.unlock) {
        if (lockNum > CU48.allLocks) throw new ProtocolError(`LOCKNUM ${lockNum.toString(16)}: 00–30 only`)
        return { kind: 'unlock', board, lock: lockNum === CU48.allLocks ? 'all' : lockNum + 1, cmd }
      }
      throw new ProtocolError(`unknown command ${cmd.toString(16)}`)
    },
    encodeReply: (req, view) => (req.kind === 'status' ? encodeStatusReply(view, settings.lockedBit) : null),
    broadcastAnswers: true,
  }
}
