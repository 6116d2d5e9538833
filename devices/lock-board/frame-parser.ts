/**
 * Bytes in, whole checked frames out, for one direction of one family (a FrameSpec). Pure and incremental:
 * feed it chunks as they arrive, byte by byte if need be, and tell it when the line has gone quiet.
 *
 * Resynchronisation never skips past a possible frame start: a candidate that fails its check drops only its
 * first byte, and the scan starts again from the next byte, so a good frame hidden after garbage or after a
 * truncated frame is still found. A truncated frame at the head is dropped when the line goes quiet
 * (`idle()`), since a short frame run into the next one can pass a one-byte XOR by chance (Open-Locker).
 */
import { hex } from './checksum.js'
import type { FrameSpec } from './types.js'

export type ParseProblem =
  | { kind: 'garbage'; bytes: number }
  | { kind: 'bad-frame'; bytes: number; reason: string }
  | { kind: 'truncated'; bytes: number }

export interface ParseStats {
  frames: number
  garbageBytes: number
  badFrames: number
  truncated: number
}

/** Longest frame any spec measures; past this much data without a frame, the head cannot be one. */
const MAX_FRAME = 64

export class FrameParser<Hint = unknown> {
  /** The expectation of the request in flight, for families whose frame length depends on it. */
  hint: Hint | undefined
  readonly stats: ParseStats = { frames: 0, garbageBytes: 0, badFrames: 0, truncated: 0 }
  private buf: Buffer = Buffer.alloc(0)

  constructor(
    private readonly spec: FrameSpec<Hint>,
    private readonly onProblem: (p: ParseProblem) => void = () => {},
  ) {}

  /** Bytes waiting for the rest of their frame. */
  get pending(): number {
    return this.buf.length
  }

  push(chunk: Uint8Array): Buffer[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk])
    return this.scan(false)
  }

  /** The line went quiet: a frame of open length ends here, and an incomplete head is a truncated frame. */
  idle(): Buffer[] {
    return this.scan(true)
  }

  /** Drops whatever is buffered (before a new request: stale bytes answer nothing). Returns how many. */
  reset(): number {
    const n = this.buf.length
    if (n > 0) this.problem({ kind: 'garbage', bytes: n })
    this.buf = Buffer.alloc(0)
    return n
  }

  private scan(quiet: boolean): Buffer[] {
    const frames: Buffer[] = []
    for (;;) {
      this.skipGarbage()
      if (this.buf.length === 0) return frames
      const m = this.spec.measure(this.buf, this.hint)
      if (m === 'more' || this.buf.length < (typeof m === 'object' && 'min' in m ? m.min : 0)) {
        if (!quiet && this.buf.length < MAX_FRAME) return frames
        this.drop(1, { kind: 'truncated', bytes: 1 })
        continue
      }
      if ('bad' in m) {
        this.drop(1, { kind: 'bad-frame', bytes: 1, reason: m.bad })
        continue
      }
      const found = this.candidate(m.min, m.max, quiet)
      if (found === 'wait') return frames
      if (typeof found === 'string') {
        this.drop(1, { kind: 'bad-frame', bytes: 1, reason: found })
        continue
      }
      frames.push(Buffer.from(this.buf.subarray(0, found)))
      this.buf = this.buf.subarray(found)
      this.stats.frames++
    }
  }

  /**
   * The length of the good frame at the head, 'wait' for more bytes, or why there is none. Of open length:
   * the longest candidate that passes, once `max` bytes are here or the line is quiet.
   */
  private candidate(min: number, max: number, quiet: boolean): number | 'wait' | string {
    if (min === max) return this.spec.check(this.buf.subarray(0, min)) ?? min
    if (this.buf.length < max && !quiet) return 'wait'
    let reason = 'no frame end found'
    for (let n = Math.min(max, this.buf.length); n >= min; n--) {
      const bad = this.spec.check(this.buf.subarray(0, n))
      if (bad === null) return n
      if (n === this.buf.length || n === max) reason = bad
    }
    return reason
  }

  private skipGarbage(): void {
    let i = 0
    while (i < this.buf.length && !this.spec.isStart(this.buf[i] as number)) i++
    if (i > 0) this.drop(i, { kind: 'garbage', bytes: i })
  }

  private drop(n: number, p: ParseProblem): void {
    this.buf = this.buf.subarray(n)
    this.problem(p)
  }

  private problem(p: ParseProblem): void {
    if (p.kind === 'garbage') this.stats.garbageBytes += p.bytes
    else if (p.kind === 'bad-frame') this.stats.badFrames++
    else this.stats.truncated++
    this.onProblem(p)
  }
}

/** For messages: a frame as hex. */
export const frameText = hex
