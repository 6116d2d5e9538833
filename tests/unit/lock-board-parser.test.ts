import { describe, expect, it } from 'vitest'
import { fromHex, hex } from '../../devices/lock-board/checksum.js'
import { FrameParser } from '../../devices/lock-board/frame-parser.js'
import { generic8a } from '../../devices/lock-board/generic-8a.js'
import { cu16 } from '../../devices/lock-board/kerong-cu16.js'
import { cu48 } from '../../devices/lock-board/kerong-cu48.js'

const CU16_A = '02 00 35 FF FF 00 00 03 38'
const CU16_B = '02 10 35 FF 7F 01 00 03 C9'
const CU48_A = '02 00 00 65 07 00 00 00 00 C0 03 31'

/** Feeds the bytes one at a time, as a slow USB adapter may deliver them. */
function byteByByte(parser: FrameParser<unknown>, bytes: Buffer): string[] {
  const out: string[] = []
  for (const b of bytes) out.push(...parser.push(Buffer.from([b])).map(hex))
  return out
}

/** A seeded generator, so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('frame parser, fed byte by byte', () => {
  it('finds back-to-back frames with garbage before, between and after them', () => {
    const parser = new FrameParser(cu16().replyFrames)
    const stream = fromHex(`FB 00 ${CU16_A} 55 AA 03 ${CU16_B} 00 FF`)
    expect(byteByByte(parser, stream)).toEqual([CU16_A, CU16_B])
    expect(parser.stats).toMatchObject({ frames: 2, garbageBytes: 7, badFrames: 0 })
  })

  it('gives the same frames whatever the chunking (every split point of a two-frame stream)', () => {
    const stream = fromHex(`00 ${CU48_A} 02 00 ${CU48_A}`)
    for (let cut = 0; cut <= stream.length; cut++) {
      const parser = new FrameParser(cu48().replyFrames)
      const frames = [...parser.push(stream.subarray(0, cut)), ...parser.push(stream.subarray(cut))]
      expect(frames.map(hex), `cut at ${cut}`).toEqual([CU48_A, CU48_A])
    }
  })

  it('does not lose the next good frame after a truncated one, even with no pause between them', () => {
    const parser = new FrameParser(cu16().replyFrames)
    const stream = fromHex(`02 00 35 FF ${CU16_B}`)
    expect(byteByByte(parser, stream)).toEqual([CU16_B])
    expect(parser.stats.badFrames).toBeGreaterThan(0)
  })

  it('drops a truncated frame when the line goes quiet, then reads the next one', () => {
    const parser = new FrameParser(cu16().replyFrames)
    expect(byteByByte(parser, fromHex('02 00 35 FF FF'))).toEqual([])
    expect(parser.idle()).toEqual([])
    expect(parser.stats.truncated).toBe(1)
    expect(parser.pending).toBe(0)
    expect(byteByByte(parser, fromHex(CU16_A))).toEqual([CU16_A])
  })

  it('refuses a frame with a wrong checksum and keeps the good one right after it', () => {
    const parser = new FrameParser(cu16().requestFrames)
    expect(byteByByte(parser, fromHex('02 10 30 03 3E 02 10 30 03 45'))).toEqual(['02 10 30 03 45'])
    expect(parser.stats.badFrames).toBe(1)
  })

  it('refuses a frame whose end byte is wrong even when its sum happens to match', () => {
    // 02 00 35 FF FF 00 00 04 39: the sum is right for the bytes, but there is no ETX.
    const parser = new FrameParser(cu16().replyFrames)
    expect(byteByByte(parser, fromHex('02 00 35 FF FF 00 00 04 39'))).toEqual([])
    expect(parser.stats.badFrames).toBe(1)
  })

  it('finds every good frame among random garbage fed in random chunks (seeded, 200 rounds)', () => {
    const rnd = lcg(13)
    const good = [CU16_A, CU16_B, '02 00 36 00 00 00 00 03 3B']
    for (let round = 0; round < 200; round++) {
      const parts: number[] = []
      const sent: string[] = []
      for (let f = 0; f < 5; f++) {
        const n = Math.floor(rnd() * 12)
        for (let i = 0; i < n; i++) parts.push(rnd() < 0.3 ? 0x02 : Math.floor(rnd() * 256))
        const frame = good[Math.floor(rnd() * good.length)] as string
        sent.push(frame)
        parts.push(...fromHex(frame))
      }
      const stream = Buffer.from(parts)
      const parser = new FrameParser(cu16().replyFrames)
      const got: string[] = []
      for (let at = 0; at < stream.length; ) {
        const len = 1 + Math.floor(rnd() * 6)
        got.push(...parser.push(stream.subarray(at, at + len)).map(hex))
        at += len
      }
      expect(got, `round ${round}`).toEqual(sent)
    }
  })
})

describe('frame parser, 0x8A/0x80 boards', () => {
  const p = generic8a()

  it('ends a query-all answer, whose length only the frame tells, when the line goes quiet', () => {
    const parser = new FrameParser(p.replyFrames)
    parser.hint = p.statusAll(1).expect ?? undefined
    expect(byteByByte(parser, fromHex('80 01 00 00 00 33 B2'))).toEqual([])
    expect(parser.idle().map(hex)).toEqual(['80 01 00 00 00 33 B2'])
  })

  it('takes the whole answer even when a shorter prefix of it would pass the XOR', () => {
    // 80 01 33 B2 … : "80 01 33 B2" is no frame, but "80 01 S 33 BCC" prefixes can be; the longest wins.
    const parser = new FrameParser(p.replyFrames)
    parser.hint = p.statusAll(1).expect ?? undefined
    const frame = fromHex('80 01 00 33 B2 33 00')
    frame[6] = frame.subarray(0, 6).reduce((a, b) => a ^ b, 0)
    parser.push(frame)
    expect(parser.idle().map(hex)).toEqual([hex(frame)])
  })

  it('reads a query-all answer at once when the installation gives its status byte count', () => {
    const q = generic8a({ feedback: 'door-closing', statusBytes: 3 })
    const parser = new FrameParser(q.replyFrames)
    parser.hint = q.statusAll(1).expect ?? undefined
    expect(byteByByte(parser, fromHex('80 01 00 00 04 33 B6'))).toEqual(['80 01 00 00 04 33 B6'])
  })

  it('drops a truncated 5-byte answer at the pause instead of running it into the next frame', () => {
    const parser = new FrameParser(p.replyFrames)
    expect(byteByByte(parser, fromHex('8A 01 01'))).toEqual([])
    expect(parser.idle()).toEqual([])
    expect(byteByByte(parser, fromHex('8A 01 01 00 8A'))).toEqual(['8A 01 01 00 8A'])
    expect(parser.stats.truncated).toBe(1)
  })

  it('skips garbage with header bytes in it between unlock answers', () => {
    const parser = new FrameParser(p.replyFrames)
    const stream = fromHex('8A 8A 00 80 8A 01 01 00 8A 13 80 8A 01 0C 00 87')
    expect(byteByByte(parser, stream)).toEqual(['8A 01 01 00 8A', '8A 01 0C 00 87'])
  })
})
