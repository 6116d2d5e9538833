import { crc32 } from 'node:zlib'

/** One event of the journal as it is on disk. `v` is the version of the payload's schema (1 if absent). */
export interface JournalEntry<T = unknown> {
  seq: number
  ts: string
  type: string
  v?: number
  data: T
}

// Each line is the entry's JSON with `,"crc":"xxxxxxxx"}` in place of its closing brace, so it stays one
// JSON object a person can read with jq, and the CRC covers every byte before `,"crc"`.
const CRC_SUFFIX_LENGTH = ',"crc":"00000000"}'.length
const CRC_SUFFIX = /,"crc":"([0-9a-f]{8})"\}$/

export function encodeLine(entry: JournalEntry): Buffer {
  const head = JSON.stringify(entry).slice(0, -1)
  return Buffer.from(`${head},"crc":"${crc32(head).toString(16).padStart(8, '0')}"}\n`, 'utf8')
}

/** The entry, or null when the line is torn or corrupt. `line` excludes the newline. */
export function decodeLine(line: Buffer): JournalEntry | null {
  const match = CRC_SUFFIX.exec(line.toString('latin1', Math.max(0, line.length - CRC_SUFFIX_LENGTH)))
  if (!match) return null
  const head = line.subarray(0, line.length - CRC_SUFFIX_LENGTH)
  if (crc32(head) !== Number.parseInt(match[1] as string, 16)) return null
  try {
    const e = JSON.parse(`${head.toString('utf8')}}`) as JournalEntry
    return Number.isSafeInteger(e.seq) && typeof e.type === 'string' ? e : null
  } catch {
    return null
  }
}

export interface Line {
  line: Buffer
  start: number
  end: number
  /** false for a last line with no newline. */
  complete: boolean
}

/** Every line of a segment with its byte range. */
export function* splitLines(buf: Buffer): Generator<Line> {
  let start = 0
  while (start < buf.length) {
    const nl = buf.indexOf(10, start)
    const end = nl === -1 ? buf.length : nl + 1
    yield { line: buf.subarray(start, nl === -1 ? end : nl), start, end, complete: nl !== -1 }
    start = end
  }
}

/** What one pass over a segment found: its good entries and every run of bytes that held none. */
export interface SegmentScan {
  entries: JournalEntry[]
  /** Runs of unreadable bytes before the last good entry: damage. */
  bad: { start: number; bytes: number }[]
  /** Bytes after the last good entry (a torn tail in the newest segment; damage in any other). */
  tail: number
  /** Where the last good entry ends. */
  goodEnd: number
}

/** Reads a whole segment buffer; adjacent unreadable lines are merged into one run. */
export function scanSegment(buf: Buffer): SegmentScan {
  const entries: JournalEntry[] = []
  const bad: { start: number; bytes: number }[] = []
  let run: { start: number; bytes: number } | null = null
  let goodEnd = 0
  for (const { line, start, end, complete } of splitLines(buf)) {
    const entry = complete ? decodeLine(line) : null
    if (entry) {
      if (run) bad.push(run)
      run = null
      entries.push(entry)
      goodEnd = end
    } else if (run) run.bytes = end - run.start
    else run = { start, bytes: end - start }
  }
  return { entries, bad, tail: buf.length - goodEnd, goodEnd }
}
