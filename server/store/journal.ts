import { constants } from 'node:fs'
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises'
import { join } from 'node:path'
import { type Clock, systemClock } from '../clock.js'
import { fsyncDir, replaceFileDurably } from './durable-file.js'
import { encodeLine, type JournalEntry, scanSegment } from './journal-lines.js'

export type { JournalEntry } from './journal-lines.js'

/** Something wrong found in the journal's files: never silent (see store/damage.ts). */
export interface JournalDamage {
  /** Stable across starts, so the same damage is recorded once. */
  key: string
  kind: 'corrupt' | 'unreadable' | 'gap' | 'tail'
  /** The segment file (or the file it was moved to). */
  file: string
  bytes: number
  /** Events known or estimated lost: skipped lines, or the seqs missing. */
  events: number
  detail: string
}

interface Pending {
  seq: number
  line: Buffer
  resolve: () => void
  reject: (err: unknown) => void
}

export interface JournalOptions {
  segmentBytes?: number
  clock?: Clock
  /** Unreadable bytes at the end of the newest segment up to this size are a torn write, cut at open. */
  maxTornTail?: number
  /** Told of every problem found while opening or reading; the store records and shows them. */
  onDamage?: (d: JournalDamage) => void
  /** Told of a torn tail cut at open (bytes): expected after a power cut, so a warning, not damage. */
  onTornTail?: (file: string, bytes: number) => void
  /** A fault to fail writes with (tests: the store's fault switch); null to write. */
  fault?: () => Error | null
}

const SEGMENT_NAME = /^(\d{12})\.jsonl$/
/** The shortest line an entry can make: an upper bound of how many events lost bytes could have held. */
const MIN_LINE_BYTES = 60
const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(12, '0')}.jsonl`
const firstSeqOf = (name: string) => Number.parseInt(name, 10)

/**
 * Segments are written with O_DSYNC where the system has it (Linux, macOS): each write returns only once its
 * bytes, and the file size needed to read them back, are on the device, as after write + fdatasync, in one
 * trip to libuv's thread pool instead of two (docs/performance.md). Elsewhere each write is followed by an
 * fdatasync.
 */
const DSYNC = constants.O_DSYNC as number | undefined
const SEGMENT_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (DSYNC ?? 0)

/**
 * Append-only event journal in segment files named by their first seq. An append resolves only after its
 * line is durable; appends made while a write is in flight share the next one (group commit). Damage is
 * never silent and never deleted: it is reported to `onDamage`, and unreadable files are moved aside.
 */
export class Journal {
  readonly #dir: string
  readonly #segmentBytes: number
  readonly #clock: Clock
  readonly #opts: JournalOptions
  #lastSeq = 0
  /** The newest seq whose write is durable. */
  #durableSeq = 0
  #file: { name: string; handle: FileHandle; size: number } | null = null
  #pending: Pending[] = []
  #pump: Promise<void> | null = null
  #closed = false
  #writes = 0
  #appends = 0

  private constructor(dir: string, opts: JournalOptions) {
    this.#dir = dir
    this.#opts = opts
    this.#segmentBytes = opts.segmentBytes ?? 8 * 1024 * 1024
    this.#clock = opts.clock ?? systemClock
  }

  static async open(dir: string, opts: JournalOptions = {}): Promise<Journal> {
    const journal = new Journal(dir, opts)
    await mkdir(dir, { recursive: true })
    await journal.#recover()
    return journal
  }

  get dir(): string {
    return this.#dir
  }

  /** The seq of the newest entry appended (including appends whose write is still pending). */
  get lastSeq(): number {
    return this.#lastSeq
  }

  /** True once close() was called: appends are refused from then on. */
  get closed(): boolean {
    return this.#closed
  }

  get stats(): { appends: number; fsyncs: number } {
    return { appends: this.#appends, fsyncs: this.#writes }
  }

  append<T>(type: string, data: T, v = 1): Promise<JournalEntry<T>> {
    if (this.#closed) return Promise.reject(new Error(`journal ${this.#dir} is closed`))
    const entry: JournalEntry<T> = {
      seq: this.#lastSeq + 1,
      ts: new Date(this.#clock.now()).toISOString(),
      type,
      v,
      data,
    }
    let line: Buffer
    try {
      line = encodeLine(entry)
    } catch (err) {
      return Promise.reject(err)
    }
    this.#lastSeq = entry.seq
    this.#appends++
    return new Promise<JournalEntry<T>>((resolve, reject) => {
      this.#pending.push({ seq: entry.seq, line, resolve: () => resolve(entry), reject })
      // Deferred to a microtask so that appends made in the same tick go out in one write.
      this.#pump ??= Promise.resolve().then(() => this.#drain())
    })
  }

  /** Entries with seq >= fromSeq, in order. Unreadable lines and missing seqs are reported, then skipped. */
  async *read(fromSeq = 1): AsyncIterable<JournalEntry> {
    const all = await readdir(this.#dir)
    const names = all.filter((n) => SEGMENT_NAME.test(n)).sort()
    // Seqs a segment moved aside started at: a gap that holds one is already reported as that file.
    const aside = all.filter((n) => n.endsWith('.damaged')).map((n) => firstSeqOf(n))
    const explained = (from: number, to: number) => aside.some((s) => s >= from && s <= to)
    let first = 0
    for (let i = 0; i < names.length; i++) if (firstSeqOf(names[i] as string) <= fromSeq) first = i
    const active = this.#file ? { name: this.#file.name, size: this.#file.size } : null
    let expected = 0
    const gap = (from: number, to: number) => {
      if (to >= fromSeq && !explained(from, to)) this.#reportGap(Math.max(from, fromSeq), to)
    }
    for (const name of names.slice(first)) {
      let buf = await readFile(join(this.#dir, name))
      // Bytes past the last completed write of the open segment may be a write still in progress.
      if (active?.name === name) buf = buf.subarray(0, active.size)
      const scan = scanSegment(buf)
      this.#reportScan(name, scan, active?.name === name)
      const segFirst = firstSeqOf(name)
      if (expected !== 0 && segFirst > expected) gap(expected, segFirst - 1)
      expected = Math.max(expected, segFirst)
      // Seqs skipped inside a segment with unreadable bytes are those bytes: reported above, once.
      const damaged = scan.bad.length > 0
      for (const entry of scan.entries) {
        if (entry.seq > expected && !damaged) gap(expected, entry.seq - 1)
        expected = Math.max(expected, entry.seq + 1)
        if (entry.seq >= fromSeq) yield entry
      }
    }
  }

  /**
   * Reads every segment (a scrub, run in the background after start and daily): reports damage, and moves
   * a sealed segment with nothing readable aside. Returns how many entries were read.
   */
  async verify(): Promise<number> {
    let n = 0
    for await (const _ of this.read(1)) n++
    const names = await this.#segments()
    for (const name of names.slice(0, -1)) {
      if (name === this.#file?.name) continue
      const buf = await readFile(join(this.#dir, name))
      const scan = scanSegment(buf)
      if (scan.entries.length === 0 && buf.length > 0) await this.#moveAside(name, buf.length, 'sealed')
    }
    return n
  }

  /** Sealed segments (not the one being written) with their seq range and the time of their last entry. */
  async sealed(): Promise<{ name: string; firstSeq: number; lastSeq: number; lastTs: number }[]> {
    const names = await this.#segments()
    const out = []
    for (let i = 0; i + 1 < names.length; i++) {
      const name = names[i] as string
      if (name === this.#file?.name) break
      const lastSeq = firstSeqOf(names[i + 1] as string) - 1
      out.push({ name, firstSeq: firstSeqOf(name), lastSeq, lastTs: await this.#lastTsOf(name) })
    }
    return out
  }

  /** Deletes sealed segments by name (retention decides which; see store/retention.ts). */
  async remove(names: string[]): Promise<void> {
    if (names.length === 0) return
    for (const name of names) if (name !== this.#file?.name) await unlink(join(this.#dir, name))
    await fsyncDir(this.#dir)
  }

  /**
   * Rewrites a sealed segment with `map` applied to every entry (redaction of personal data), atomically:
   * a new file, durable, renamed over the old. Unreadable bytes in it are copied aside first, never lost.
   * Returns how many entries changed.
   */
  async rewrite(name: string, map: (e: JournalEntry) => JournalEntry): Promise<number> {
    if (name === this.#file?.name) throw new Error(`journal: ${name} is being written`)
    const path = join(this.#dir, name)
    const buf = await readFile(path)
    const scan = scanSegment(buf)
    let changed = 0
    const lines = scan.entries.map((e) => {
      const m = map(e)
      if (m !== e) changed++
      return encodeLine(m)
    })
    if (changed === 0) return 0
    if (scan.bad.length > 0 || scan.tail > 0) {
      const copy = join(this.#dir, `${name}.before-redaction.damaged`)
      await writeFile(copy, buf, { flag: 'wx' }).catch(() => {})
    }
    await replaceFileDurably(path, Buffer.concat(lines), `${path}.tmp`)
    return changed
  }

  /** The first seq still on disk (older segments were removed by retention), or lastSeq + 1 when empty. */
  async firstSeq(): Promise<number> {
    const names = await this.#segments()
    return names.length > 0 ? firstSeqOf(names[0] as string) : this.#lastSeq + 1
  }

  /** Waits for pending appends, then closes the segment file. */
  async close(): Promise<void> {
    this.#closed = true
    while (this.#pump) await this.#pump
    await this.#file?.handle.close()
    this.#file = null
  }

  async #segments(): Promise<string[]> {
    return (await readdir(this.#dir)).filter((n) => SEGMENT_NAME.test(n)).sort()
  }

  async #lastTsOf(name: string): Promise<number> {
    const path = join(this.#dir, name)
    const { size } = await stat(path)
    const handle = await open(path, 'r')
    try {
      const len = Math.min(size, 64 * 1024)
      const buf = Buffer.alloc(len)
      await handle.read(buf, 0, len, size - len)
      const scan = scanSegment(buf.subarray(buf.indexOf(10) + 1))
      const last = scan.entries.at(-1)
      return last ? Date.parse(last.ts) : 0
    } finally {
      await handle.close()
    }
  }

  #reportScan(name: string, scan: ReturnType<typeof scanSegment>, newest: boolean): void {
    for (const b of scan.bad)
      this.#damage({
        key: `corrupt:${name}:${b.start}`,
        kind: 'corrupt',
        file: name,
        bytes: b.bytes,
        events: Math.max(1, Math.round(b.bytes / 200)),
        detail: `${b.bytes} unreadable bytes at offset ${b.start} of ${name} were skipped`,
      })
    if (!newest && scan.tail > 0 && scan.entries.length > 0)
      this.#damage({
        key: `tail:${name}:${scan.goodEnd}`,
        kind: 'corrupt',
        file: name,
        bytes: scan.tail,
        events: Math.max(1, Math.round(scan.tail / 200)),
        detail: `${scan.tail} unreadable bytes at the end of ${name} were skipped`,
      })
  }

  #reportGap(from: number, to: number): void {
    this.#damage({
      key: `gap:${from}-${to}`,
      kind: 'gap',
      file: segmentName(from),
      bytes: 0,
      events: to - from + 1,
      detail: `events ${from} to ${to} are missing (a deleted or unreadable segment)`,
    })
  }

  #damage(d: JournalDamage): void {
    try {
      this.#opts.onDamage?.(d)
    } catch {
      // A broken reporter must not break reading.
    }
  }

  /** Moves an unreadable segment aside (kept for a person to look at, never deleted) and reports it. */
  async #moveAside(name: string, bytes: number, why: string): Promise<string> {
    const aside = `${name}.damaged`
    await rename(join(this.#dir, name), join(this.#dir, aside))
    await fsyncDir(this.#dir)
    const first = firstSeqOf(name)
    const events = Math.ceil(bytes / MIN_LINE_BYTES)
    this.#damage({
      key: `unreadable:${name}`,
      kind: 'unreadable',
      file: aside,
      bytes,
      events,
      detail: `${name} (${why}, ${bytes} bytes, events from ${first}) has nothing readable: moved to ${aside}`,
    })
    return aside
  }

  /**
   * Finds the last good entry. A torn tail (bytes after it that were never acknowledged) is cut off; more
   * unreadable bytes than a write can leave are damage: copied aside first, then cut. A newest segment
   * with nothing readable is moved aside, and seqs continue past any it could have held, never reused.
   */
  async #recover(): Promise<void> {
    const maxTorn = this.#opts.maxTornTail ?? 1024 * 1024
    // A rewrite (redaction) cut short by a crash: the segment itself was never touched.
    for (const n of await readdir(this.#dir))
      if (/^\d{12}\.jsonl\.tmp$/.test(n)) await unlink(join(this.#dir, n))
    const names = await this.#segments()
    let floor = 0
    for (let name = names.pop(); name !== undefined; name = names.pop()) {
      const path = join(this.#dir, name)
      const buf = await readFile(path)
      const scan = scanSegment(buf)
      if (buf.length === 0) {
        await unlink(path)
        await fsyncDir(this.#dir)
        continue
      }
      if (scan.entries.length === 0) {
        if (buf.length <= maxTorn && floor === 0) {
          this.#opts.onTornTail?.(name, buf.length)
          await unlink(path)
          await fsyncDir(this.#dir)
          continue
        }
        await this.#moveAside(name, buf.length, 'newest')
        floor = Math.max(floor, firstSeqOf(name) + Math.ceil(buf.length / MIN_LINE_BYTES) - 1)
        continue
      }
      this.#reportScan(name, { ...scan, tail: 0 }, true)
      const last = scan.entries.at(-1) as JournalEntry
      this.#lastSeq = Math.max(last.seq, floor)
      this.#durableSeq = this.#lastSeq
      const handle = await open(path, SEGMENT_FLAGS)
      if (scan.tail > 0) {
        if (scan.tail > maxTorn) {
          const aside = `${name}.tail-${scan.goodEnd}.damaged`
          await writeFile(join(this.#dir, aside), buf.subarray(scan.goodEnd))
          this.#damage({
            key: `tail:${name}:${scan.goodEnd}`,
            kind: 'tail',
            file: aside,
            bytes: scan.tail,
            events: Math.ceil(scan.tail / MIN_LINE_BYTES),
            detail: `${scan.tail} unreadable bytes after event ${last.seq} in ${name}: more than a torn write, copied to ${aside}`,
          })
          this.#lastSeq = this.#durableSeq = Math.max(
            this.#lastSeq,
            last.seq + Math.ceil(scan.tail / MIN_LINE_BYTES),
          )
        } else this.#opts.onTornTail?.(name, scan.tail)
        await handle.truncate(scan.goodEnd)
        await handle.sync()
      }
      // After a jump the next entry starts a new segment, so every file's name stays its first seq.
      const jumped = this.#lastSeq !== last.seq
      if (jumped) await handle.close()
      else this.#file = { name, handle, size: scan.goodEnd }
      return
    }
    this.#lastSeq = this.#durableSeq = floor
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending
      this.#pending = []
      let i = 0
      while (i < batch.length) {
        // A segment may pass segmentBytes by one write: it is only checked before each write.
        let j = i
        let bytes = 0
        const size = this.#file && this.#file.size < this.#segmentBytes ? this.#file.size : 0
        while (j < batch.length && (j === i || size + bytes < this.#segmentBytes))
          bytes += (batch[j++] as Pending).line.length
        const part = batch.slice(i, j)
        try {
          await this.#write(part)
          this.#durableSeq = (part.at(-1) as Pending).seq
          for (const p of part) p.resolve()
        } catch (err) {
          // Nothing after a failed write may land either: later entries could depend on it. Their seqs
          // are given again, so the journal never has a gap or a repeat.
          const failed = [...batch.slice(i), ...this.#pending]
          this.#pending = []
          this.#lastSeq = this.#durableSeq
          for (const p of failed) p.reject(err)
          break
        }
        i = j
      }
    }
    this.#pump = null
  }

  async #write(part: Pending[]): Promise<void> {
    const first = part[0] as Pending
    if (!this.#file || this.#file.size >= this.#segmentBytes) {
      await this.#file?.handle.close()
      this.#file = null
      const name = segmentName(first.seq)
      const handle = await open(join(this.#dir, name), SEGMENT_FLAGS)
      this.#file = { name, handle, size: (await handle.stat()).size }
      // The new file's name must survive a power cut too, or its durable lines vanish with it.
      await fsyncDir(this.#dir)
    }
    const file = this.#file
    const bytes = part.length === 1 ? first.line : Buffer.concat(part.map((p) => p.line))
    const fault = this.#opts.fault?.()
    if (fault) throw fault
    try {
      for (let done = 0; done < bytes.length; )
        done += (await file.handle.write(bytes, done, bytes.length - done)).bytesWritten
      if (DSYNC === undefined) await file.handle.datasync()
    } catch (err) {
      // Cut a half-written batch off so the next append does not glue onto its torn line.
      await file.handle.truncate(file.size).catch(() => {})
      throw err
    }
    this.#writes++
    file.size += bytes.length
  }
}
