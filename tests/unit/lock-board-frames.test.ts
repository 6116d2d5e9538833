import { describe, expect, it } from 'vitest'
import { fromHex, hex } from '../../devices/lock-board/checksum.js'
import { FrameParser } from '../../devices/lock-board/frame-parser.js'
import { encodeQuery, generic8a } from '../../devices/lock-board/generic-8a.js'
import * as cu16 from '../../devices/lock-board/kerong-cu16.js'
import * as cu48 from '../../devices/lock-board/kerong-cu48.js'
import type { Expectation, LockBoardProtocol, Reply } from '../../devices/lock-board/types.js'

// Every frame here is a worked example of ../shared/docs/lock-boards.md, checksums recomputed there.

const h = (b: Buffer) => hex(b)
const closedLocks = (r: Reply) =>
  r.kind === 'board-status' ? r.status.closed.flatMap((c, i) => (c ? [i + 1] : [])) : []
const openLocks = (r: Reply) =>
  r.kind === 'board-status' ? r.status.closed.flatMap((c, i) => (c ? [] : [i + 1])) : []

/** A reply as the driver sees it: through the parser, which checks the checksum, then decoded. */
function receive(p: LockBoardProtocol, text: string, hint?: Expectation | null) {
  const parser = new FrameParser(p.replyFrames)
  parser.hint = hint ?? undefined
  const frames = [...parser.push(fromHex(text)), ...parser.idle()]
  expect(frames.map(h)).toEqual([h(fromHex(text))])
  return p.decodeReply(frames[0] as Buffer)
}

describe('Kerong KR-CU16 frames', () => {
  const p = cu16.cu16()

  it('encodes status, unlock and the all-boards status as in the worked examples', () => {
    expect(h(cu16.encodeStatus(0))).toBe('02 00 30 03 35')
    expect(h(cu16.encodeUnlock(0, 1))).toBe('02 00 31 03 36')
    expect(h(cu16.encodeUnlock(0, 16))).toBe('02 0F 31 03 45')
    expect(h(cu16.encodeUnlock(1, 1))).toBe('02 10 31 03 46')
    expect(h(cu16.encodeStatusAllBoards())).toBe('02 F0 32 03 27')
    expect(h(p.statusAll(1).frame)).toBe('02 10 30 03 45')
  })

  it('computes 45 for the status of board 1, where one source lists the wrong 3E, and refuses 3E', () => {
    expect(h(cu16.encodeStatus(1))).toBe('02 10 30 03 45')
    const parser = new FrameParser(p.requestFrames)
    expect(parser.push(fromHex('02 10 30 03 3E'))).toEqual([])
    expect(parser.stats.badFrames).toBe(1)
    expect(parser.push(fromHex('02 10 30 03 45')).map(h)).toEqual(['02 10 30 03 45'])
  })

  it('decodes status frames: bit 1 = hook latched, IR bit 1 = item, ADDR = board << 4', () => {
    expect(openLocks(receive(p, '02 00 35 FF FF 00 00 03 38'))).toEqual([])
    expect(openLocks(receive(p, '02 00 35 FE FF 00 00 03 37'))).toEqual([1])
    const b1 = receive(p, '02 10 35 FF 7F 01 00 03 C9')
    expect(b1.kind === 'board-status' && b1.status.board).toBe(1)
    expect(openLocks(b1)).toEqual([16])
    expect(b1.kind === 'board-status' && b1.status.items?.flatMap((x, i) => (x ? [i + 1] : []))).toEqual([1])
  })

  it('decodes the two frames boards send after a 0x32 to every board', () => {
    const a = receive(p, '02 00 36 00 00 00 00 03 3B')
    const b = receive(p, '02 10 36 00 00 00 00 03 4B')
    expect([a, b].map((r) => r.kind === 'board-status' && r.status.board)).toEqual([0, 1])
    expect(closedLocks(a)).toEqual([])
  })

  it('reads the hook bit the other way round with lockedBit 0 (kerong-lib, or an NO hook switch)', () => {
    expect(
      closedLocks(receive(cu16.cu16({ unlockReply: 'none', lockedBit: 0 }), '02 00 35 FE FF 00 00 03 37')),
    ).toEqual([1])
  })

  it('expects no answer to an unlock by default, and a 0x35 status frame when set to', () => {
    expect(p.unlock(1, 1).expect).toBeNull()
    expect(cu16.cu16({ unlockReply: 'status', lockedBit: 1 }).unlock(1, 1).expect).toEqual({
      kind: 'board-status',
      board: 1,
    })
  })

  it('decodes requests for the simulator and answers them with the same frames', () => {
    expect(p.decodeRequest(fromHex('02 10 31 03 46'))).toMatchObject({ kind: 'unlock', board: 1, lock: 1 })
    expect(p.decodeRequest(fromHex('02 0F 31 03 45'))).toMatchObject({ kind: 'unlock', board: 0, lock: 16 })
    expect(p.decodeRequest(fromHex('02 F0 32 03 27'))).toMatchObject({ kind: 'status', board: 'broadcast' })
    const closed = Array.from({ length: 16 }, (_, i) => i !== 15)
    const items = [true, ...Array.from({ length: 15 }, () => false)]
    const req = p.decodeRequest(fromHex('02 10 30 03 45'))
    expect(h(p.encodeReply(req, { address: 1, closed, items }) as Buffer)).toBe('02 10 35 FF 7F 01 00 03 C9')
    const all = p.decodeRequest(fromHex('02 F0 32 03 27'))
    const none = Array.from({ length: 16 }, () => false)
    expect(h(p.encodeReply(all, { address: 1, closed: none }) as Buffer)).toBe('02 10 36 00 00 00 00 03 4B')
    expect(p.encodeReply(p.decodeRequest(fromHex('02 10 31 03 46')), { address: 1, closed })).toBeNull()
  })

  it('refuses board and lock numbers the frame cannot carry', () => {
    expect(() => cu16.encodeUnlock(0, 17)).toThrow(/locks 1–16/)
    expect(() => cu16.encodeUnlock(16, 1)).toThrow(/0–15/)
  })
})

describe('Kerong KR-CU48 (protocol V2.1) frames', () => {
  const p = cu48.cu48()

  it('encodes the worked examples of the official PDF', () => {
    expect(h(cu48.encodeStatus(0))).toBe('02 00 00 50 03 55')
    expect(h(cu48.encodeStatus('broadcast'))).toBe('02 0A 00 50 03 5F')
    expect(h(cu48.encodeUnlock(0, 1))).toBe('02 00 00 51 03 56')
    expect(h(cu48.encodeUnlock(1, 48))).toBe('02 01 2F 51 03 86')
  })

  it('decodes status answers: D1 bit0 = lock 1 … D6 bit7 = lock 48, 1 = hook latched', () => {
    expect(closedLocks(receive(p, '02 00 00 65 07 00 00 00 00 C0 03 31'))).toEqual([1, 2, 3, 47, 48])
    const b1 = receive(p, '02 01 00 65 00 00 80 00 00 00 03 EB')
    expect(b1.kind === 'board-status' && b1.status.board).toBe(1)
    expect(closedLocks(b1)).toEqual([24])
  })

  it('decodes unlock-all requests to one board and to every board', () => {
    expect(p.decodeRequest(fromHex('02 00 30 51 03 86'))).toMatchObject({
      kind: 'unlock',
      board: 0,
      lock: 'all',
    })
    expect(p.decodeRequest(fromHex('02 0A 30 51 03 90'))).toMatchObject({
      kind: 'unlock',
      board: 'broadcast',
      lock: 'all',
    })
  })

  it('has no answer to an unlock, and encodes the PDF answer from a board view', () => {
    expect(p.unlock(0, 1).expect).toBeNull()
    const closed = Array.from({ length: 48 }, (_, i) => [0, 1, 2, 46, 47].includes(i))
    const req = p.decodeRequest(fromHex('02 00 00 50 03 55'))
    expect(h(p.encodeReply(req, { address: 0, closed }) as Buffer)).toBe(
      '02 00 00 65 07 00 00 00 00 C0 03 31',
    )
  })

  it('reverses the bit with lockedBit 0', () => {
    expect(openLocks(receive(cu48.cu48({ lockedBit: 0 }), '02 00 00 65 07 00 00 00 00 C0 03 31'))).toEqual([
      1, 2, 3, 47, 48,
    ])
  })
})

describe('generic 0x8A/0x80 board frames', () => {
  const p = generic8a()

  it('encodes unlock and queries as in the worked examples (XOR)', () => {
    expect(h(p.unlock(1, 1).frame)).toBe('8A 01 01 11 9B')
    expect(h(p.unlock(1, 12).frame)).toBe('8A 01 0C 11 96')
    expect(h(encodeQuery(1, 'all'))).toBe('80 01 00 33 B2')
    expect(h(p.status(1, 1).frame)).toBe('80 01 01 33 B3')
  })

  it('decodes the unlock answer: signal 00 = open with the default door-closing feedback', () => {
    expect(receive(p, '8A 01 01 00 8A', p.unlock(1, 1).expect)).toEqual({
      kind: 'lock-status',
      board: 1,
      lock: 1,
      closed: false,
      cause: 'unlock',
    })
    expect(receive(p, '8A 01 0C 00 87')).toMatchObject({ lock: 12, closed: false })
  })

  it('decodes query-one answers both ways', () => {
    expect(receive(p, '80 01 01 00 80')).toMatchObject({
      kind: 'lock-status',
      lock: 1,
      closed: false,
      cause: 'query',
    })
    expect(receive(p, '80 01 01 11 91')).toMatchObject({ kind: 'lock-status', lock: 1, closed: true })
  })

  it('reads the length of a query-all answer from the frame, the last status byte being locks 1–8', () => {
    const expectAll = p.statusAll(1).expect
    const eight = receive(p, '80 01 00 00 00 33 B2', expectAll)
    expect(eight.kind === 'board-status' && eight.status.closed.length).toBe(24)
    expect(closedLocks(eight)).toEqual([])
    expect(closedLocks(receive(p, '80 01 00 00 04 33 B6', expectAll))).toEqual([3])
    const thirtyTwo = receive(p, '80 01 FF FF FF FF 33 B2', expectAll)
    expect(closedLocks(thirtyTwo)).toHaveLength(32)
  })

  it('reverses the signal with door-opening feedback', () => {
    const q = generic8a({ feedback: 'door-opening' })
    expect(receive(q, '8A 01 01 00 8A')).toMatchObject({ closed: true })
    expect(closedLocks(receive(q, '80 01 00 00 04 33 B6', q.statusAll(1).expect))).toHaveLength(23)
  })

  it('decodes the pushed change of custom firmwares', () => {
    expect(receive(p, '82 01 01 11 93')).toMatchObject({
      kind: 'lock-status',
      lock: 1,
      closed: true,
      cause: 'push',
    })
  })

  it('matches an answer to its request by header, board and lock', () => {
    const reply = p.decodeReply(fromHex('8A 01 01 00 8A'))
    expect(p.answers(reply, { kind: 'lock-status', board: 1, lock: 1, cause: 'unlock' })).toBe(true)
    expect(p.answers(reply, { kind: 'lock-status', board: 1, lock: 2, cause: 'unlock' })).toBe(false)
    expect(p.answers(reply, { kind: 'lock-status', board: 2, lock: 1, cause: 'unlock' })).toBe(false)
    expect(p.answers(reply, { kind: 'lock-status', board: 1, lock: 1, cause: 'query' })).toBe(false)
  })

  it('refuses a signal that is neither 00 nor 11', () => {
    expect(() => p.decodeReply(fromHex('80 01 01 05 85'))).toThrow(/00 or 11/)
  })

  it('answers requests for the simulator: unlock-all, query-all with 3 status bytes on an 8-channel board', () => {
    expect(p.decodeRequest(fromHex('8A 01 00 11 9A'))).toMatchObject({
      kind: 'unlock',
      board: 1,
      lock: 'all',
    })
    const all = p.decodeRequest(fromHex('80 01 00 33 B2'))
    const closed = Array.from({ length: 8 }, () => false)
    expect(h(p.encodeReply(all, { address: 1, closed }) as Buffer)).toBe('80 01 00 00 00 33 B2')
    const unlock = p.decodeRequest(fromHex('8A 01 01 11 9B'))
    expect(h(p.encodeReply(unlock, { address: 1, closed }) as Buffer)).toBe('8A 01 01 00 8A')
  })
})
