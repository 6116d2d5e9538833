import { constants } from 'node:fs'
import { type FileHandle, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { type Clock, systemClock } from '../clock.js'
import { fsyncDir } from './durable-file.js'

export interface JournalEntry<T = unknown> {
  seq: number
  ts: string
  type: string
  data: T
}

interface Pending {
  seq: number
  line: Buffer
  resolve: () => void
  reject: (err: unknown) => void
}

const SEGMENT_NAME = /^(\d{12})\.jsonl$/
// Each line is the entry's JSON with `,"crc":"xxxxxxxx"}` in place of its closing brace, so it stays one
// JSON object a person can read with jq, and the CRC covers every byte before `,"crc"`.
const CRC_SUFFIX_LENGTH = ',"crc":"00000000"}'.length
const CRC_SUFFIX = /,"crc":"([0-9a-f]{8})"\}$/

function encodeLine(entry: JournalEntry): Buffer {
  const head = JSON.stringify(entry).slice(0, -1)
  return Buffer.from(`${head},"crc":"${crc32(head).toString(16).padStart(8, '0')}"}\n`, 'utf8')
}

/** The entry, or null when the line is torn or corrupt. `line` excludes the newline. */
function decodeLine(line: Buffer): JournalEntry | null {
  const match = CRC_SUFFIX.exec(line.toString('latin1', Math.max(0, line.length - CRC_SUFFIX_LENGTH)))
  if (!match) return null
  const head = line.subarray(0, line.length - CRC_SUFFIX_LENGTH)
  if (crc32(head) !== Number.parseInt(match[1] as string, 16)) return null
  try {
    return JSON.parse(`${head.toString('utf8')}}`) as JournalEntry
  } catch {
    return null
  }
}

/** Every line of a segment with its byte range; `complete` is false for a last line with no newline. */
function* splitLines(
  buf: Buffer,
): Generator<{ line: Buffer; start: number; end: number; complete: boolean }> {
  let start = 0
  while (start < buf.length) {
    const nl = buf.indexOf(10, start)
    const end = nl === -1 ? buf.length : nl + 1
    yield { line: buf.subarray(start, nl === -1 ? end : nl), start, end, complete: nl !== -1 }
    start = end
  }
}

const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(12, '0')}.jsonl`

/**
 * Segments are written with O_DSYNC where the system has it (Linux, macOS): each write returns only once its
 * bytes, and the file size needed to read them back, are on the device, as after write + fdatasync. That is
 * one trip to libuv's thread pool per batch instead of two. Under load a trip costs far more than the
 * system call itself (its completion waits for the main thread, busy answering the batch before), and the
 * batch after waits for both; measured, it is a shorter commit cycle and more check-ins per second
 * (docs/performance.md). Elsewhere (Windows) each write is followed by an fdatasync.
 */
const DSYNC = constants.O_DSYNC as number | undefined
const SEGMENT_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (DSYNC ?? 0)

/**
 * Append-only event journal in segment files. An append resolves only after its line is fsynced;
 * appends that arrive while an fsync is in flight share the next one (group commit), because one fsync
 * on an SD card costs milliseconds and a burst of events must not queue one fsync each.
 */
export class Journal {
  readonly #dir: string
  readonly #segmentBytes: number
  readonly #clock: Clock
  #lastSeq = 0
  #file: { name: string; handle: FileHandle; size: number } | null = null
  #pending: Pending[] = []
  #pump: Promise<void> | null = null
  #closed = false
  #corrupt = new Set<string>()
  #fsyncs = 0
  #appends = 0

  private constructor(dir: string, segmentBytes: number, clock: Clock) {
    this.#dir = dir
    this.#segmentBytes = segmentBytes
    this.#clock = clock
  }

  static async open(dir: string, opts: { segmentBytes?: number; clock?: Clock } = {}): Promise<Journal> {
    const journal = new Journal(dir, opts.segmentBytes ?? 8 * 1024 * 1024, opts.clock ?? systemClock)
    await mkdir(dir, { recursive: true })
    await journal.#recover()
    return journal
  }

  /** The seq of the newest entry appended (including appends whose fsync is still pending). */
  get lastSeq(): number {
    return this.#lastSeq
  }

  /** Corrupt lines met so far in the middle of segments (skipped, never fatal). */
  get corruptLines(): number {
    return this.#corrupt.size
  }

  /** True once close() was called: appends are refused from then on. */
  get closed(): boolean {
    return this.#closed
  }

  get stats(): { appends: number; fsyncs: number } {
    return { appends: this.#appends, fsyncs: this.#fsyncs }
  }

  append<T>(type: string, data: T): Promise<JournalEntry<T>> {
    if (this.#closed) return Promise.reject(new Error(`journal ${this.#dir} is closed`))
    const entry: JournalEntry<T> = {
      seq: this.#lastSeq + 1,
      ts: new Date(this.#clock.now()).toISOString(),
      type,
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
      // Deferred to a microtask so that appends made in the same tick go out in one write and one fsync.
      this.#pump ??= Promise.resolve().then(() => this.#drain())
    })
  }

  async *read(fromSeq = 1): AsyncIterable<JournalEntry> {
    const names = await this.#segments()
    // Start at the last segment whose first seq is <= fromSeq; names sort by seq because they are padded.
    let first = 0
    for (let i = 0; i < names.length; i++) if (Number.parseInt(names[i] as string, 10) <= fromSeq) first = i
    const active = this.#file ? { name: this.#file.name, size: this.#file.size } : null
    for (const name of names.slice(first)) {
      let buf = await readFile(join(this.#dir, name))
      // Bytes past the last completed write of the open segment may be a write still in progress.
      if (active?.name === name) buf = buf.subarray(0, active.size)
      for (const { line, start, complete } of splitLines(buf)) {
        const entry = complete ? decodeLine(line) : null
        if (!entry) {
          this.#corrupt.add(`${name}:${start}`)
          continue
        }
        if (entry.seq >= fromSeq) yield entry
      }
    }
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

  /**
   * Finds the last good entry. Bytes after it were never acknowledged (their fsync had not returned), so
   * a torn or corrupt tail is cut off; a segment left with nothing good is removed.
   */
  async #recover(): Promise<void> {
    const names = await this.#segments()
    for (let name = names.pop(); name !== undefined; name = names.pop()) {
      const path = join(this.#dir, name)
      const buf = await readFile(path)
      let goodEnd = 0
      const bad: number[] = []
      for (const { line, start, end, complete } of splitLines(buf)) {
        const entry = complete ? decodeLine(line) : null
        if (!entry) {
          bad.push(start)
          continue
        }
        this.#lastSeq = entry.seq
        goodEnd = end
      }
      for (const start of bad) if (start < goodEnd) this.#corrupt.add(`${name}:${start}`)
      if (goodEnd === 0) {
        await unlink(path)
        await fsyncDir(this.#dir)
        continue
      }
      const handle = await open(path, SEGMENT_FLAGS)
      if (goodEnd < buf.length) {
        await handle.truncate(goodEnd)
        await handle.sync()
      }
      this.#file = { name, handle, size: goodEnd }
      return
    }
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
        // A full segment is rolled over by #write, so the next part starts counting from an empty file.
        const size = this.#file && this.#file.size < this.#segmentBytes ? this.#file.size : 0
        while (j < batch.length && (j === i || size + bytes < this.#segmentBytes))
          bytes += (batch[j++] as Pending).line.length
        const part = batch.slice(i, j)
        try {
          await this.#write(part)
          for (const p of part) p.resolve()
        } catch (err) {
          for (const p of part) p.reject(err)
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
      // The new file's name must survive a power cut too, or its fsynced lines vanish with it.
      await fsyncDir(this.#dir)
    }
    const file = this.#file
    const bytes = Buffer.concat(part.map((p) => p.line))
    try {
      for (let done = 0; done < bytes.length; )
        done += (await file.handle.write(bytes, done, bytes.length - done)).bytesWritten
      // fdatasync (or O_DSYNC) also flushes the file size: all the metadata needed to read the lines back.
      if (DSYNC === undefined) await file.handle.datasync()
    } catch (err) {
      // Cut a half-written batch off so the next append does not glue onto its torn line.
      await file.handle.truncate(file.size).catch(() => {})
      throw err
    }
    this.#fsyncs++
    file.size += bytes.length
  }
}
