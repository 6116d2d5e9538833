/**
 * Kerong KR-CU16 ("CU16 protocol"), 19200 8N1. Host: `02 ADDR CMD 03 SUM`, 5 bytes, ADDR = board << 4 |
 * (lock − 1). Board: `02 ADDR 35|36 LOCK1-8 LOCK9-16 IR1-8 IR9-16 03 SUM`, 9 bytes. SUM = low byte of the
 * sum of the bytes before it. Sources and disagreements: ../shared/docs/lock-boards.md §1A.
 */
import { sum8 } from './checksum.js'
import {
  type BoardView,
  bitsOf,
  bytesOf,
  type Exchange,
  type LockBoardProtocol,
  ProtocolError,
  type Reply,
  type Request,
} from './types.js'

export interface Cu16Settings {
  /**
   * Does the board answer an unlock (0x31)? `none` (default: kerong-lib, jin0949, lkaas-kerong, the lkfw C
   * program, and CartWise's logs of locks opening with no answer) or `status`, a 0x35 frame (parcellocker only).
   */
  unlockReply: 'none' | 'status'
  /** The LOCK bit of a latched hook: 1 (default; 6 sources) or 0 (kerong-lib, or an NO hook switch). */
  lockedBit: 0 | 1
}

export const CU16_DEFAULTS: Cu16Settings = { unlockReply: 'none', lockedBit: 1 }

const STX = 0x02
const ETX = 0x03
export const CU16 = {
  status: 0x30,
  unlock: 0x31,
  statusAllBoards: 0x32,
  unlockAll: 0x33,
  statusReply: 0x35,
  statusAllReply: 0x36,
  /** ADDR of a 0x32 asked of every board on the bus. */
  broadcast: 0xf0,
} as const

function frame(addr: number, cmd: number): Buffer {
  const f = Buffer.from([STX, addr, cmd, ETX, 0])
  f[4] = sum8(f, 0, 4)
  return f
}

function checkAddress(board: number, lock?: number): void {
  if (!Number.isInteger(board) || board < 0 || board > 15)
    throw new RangeError(`board ${board}: a KR-CU16 address is 0–15 (the ADDR byte's high nibble)`)
  if (lock !== undefined && (!Number.isInteger(lock) || lock < 1 || lock > 16))
    throw new RangeError(`lock ${lock}: a KR-CU16 has locks 1–16`)
}

export function encodeUnlock(board: number, lock: number): Buffer {
  checkAddress(board, lock)
  return frame((board << 4) | (lock - 1), CU16.unlock)
}

export function encodeStatus(board: number): Buffer {
  checkAddress(board)
  return frame(board << 4, CU16.status)
}

/** 0x32 to ADDR 0xF0: every board answers with its own 0x36 frame. */
export function encodeStatusAllBoards(): Buffer {
  return frame(CU16.broadcast, CU16.statusAllBoards)
}

/** A board's 9-byte status frame (0x35, or 0x36 after a 0x32). */
export function encodeStatusReply(view: BoardView, cmd: number, lockedBit: 0 | 1): Buffer {
  const hooks = bytesOf(
    view.closed.map((c) => c === (lockedBit === 1)),
    2,
  )
  const items = bytesOf(view.items ?? [], 2)
  const f = Buffer.from([STX, (view.address & 0x0f) << 4, cmd, ...hooks, ...items, ETX, 0])
  f[8] = sum8(f, 0, 8)
  return f
}

function checkFrame(f: Uint8Array): string | null {
  const n = f.length
  if (f[n - 2] !== ETX) return `no ETX (03) before the checksum`
  const want = sum8(f, 0, n - 1)
  return f[n - 1] === want ? null : `checksum ${f[n - 1]?.toString(16)} should be ${want.toString(16)}`
}

export function cu16(settings: Cu16Settings = CU16_DEFAULTS): LockBoardProtocol {
  const decodeReply = (f: Uint8Array): Reply => {
    const cmd = f[2]
    if (f.length !== 9 || (cmd !== CU16.statusReply && cmd !== CU16.statusAllReply))
      throw new ProtocolError(`not a KR-CU16 status frame (command ${cmd?.toString(16)})`)
    const addr = f[1] as number
    if ((addr & 0x0f) !== 0)
      throw new ProtocolError(`status frame ADDR ${addr.toString(16)}: low nibble not 0`)
    const closed = bitsOf(f.subarray(3, 5), 16).map((bit) => bit === (settings.lockedBit === 1))
    return { kind: 'board-status', status: { board: addr >> 4, closed, items: bitsOf(f.subarray(5, 7), 16) } }
  }
  const statusOf = (board: number): Exchange<Reply | null> => ({
    frame: encodeStatus(board),
    expect: { kind: 'board-status', board },
    result: (r) => r,
  })
  return {
    name: 'kerong-cu16',
    replyFrames: {
      isStart: (b) => b === STX,
      measure: (h) => {
        if (h.length < 3) return 'more'
        return h[2] === CU16.statusReply || h[2] === CU16.statusAllReply
          ? { min: 9, max: 9 }
          : { bad: `unknown reply command ${h[2]?.toString(16)}` }
      },
      check: checkFrame,
    },
    unlock(board, lock) {
      const expect = settings.unlockReply === 'status' ? ({ kind: 'board-status', board } as const) : null
      return {
        frame: encodeUnlock(board, lock),
        expect,
        result: (r) => ({ board, lock, relay: r ? 'acknowledged' : 'sent' }),
      }
    },
    status(board, lock) {
      checkAddress(board, lock)
      const ex = statusOf(board)
      return {
        ...ex,
        result: (r) => {
          const s = r?.kind === 'board-status' ? r.status : undefined
          return { board, lock, closed: s?.closed[lock - 1] ?? false, item: s?.items?.[lock - 1] }
        },
      }
    },
    statusAll(board) {
      const ex = statusOf(board)
      return { ...ex, result: (r) => (r as Extract<Reply, { kind: 'board-status' }>).status }
    },
    decodeReply,
    answers: (reply, expect) =>
      reply.kind === 'board-status' && expect.kind === 'board-status' && reply.status.board === expect.board,

    requestFrames: {
      isStart: (b) => b === STX,
      measure: (h) => {
        if (h.length < 3) return 'more'
        const cmd = h[2] as number
        return cmd >= CU16.status && cmd <= CU16.unlockAll
          ? { min: 5, max: 5 }
          : { bad: `unknown command ${cmd.toString(16)}` }
      },
      check: checkFrame,
    },
    decodeRequest(f): Request {
      const addr = f[1] as number
      const cmd = f[2] as number
      const board = addr >> 4
      switch (cmd) {
        case CU16.status:
          return { kind: 'status', board, cmd }
        case CU16.unlock:
          return { kind: 'unlock', board, lock: (addr & 0x0f) + 1, cmd }
        case CU16.statusAllBoards:
          return { kind: 'status', board: addr === CU16.broadcast ? 'broadcast' : board, cmd }
        case CU16.unlockAll:
          return { kind: 'unlock', board, lock: 'all', cmd }
        default:
          throw new ProtocolError(`unknown command ${cmd.toString(16)}`)
      }
    },
    encodeReply(req, view) {
      if (req.kind === 'status')
        return encodeStatusReply(
          view,
          req.cmd === CU16.statusAllBoards ? CU16.statusAllReply : CU16.statusReply,
          settings.lockedBit,
        )
      if (req.cmd === CU16.unlock && settings.unlockReply === 'status')
        return encodeStatusReply(view, CU16.statusReply, settings.lockedBit)
      return null
    },
    broadcastAnswers: true,
  }
}
