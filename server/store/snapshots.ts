import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { fsyncDir, replaceFileDurably } from './durable-file.js'

/** One projection's part of a snapshot: its own format version and its data. */
export interface SnapshotPart {
  v: number
  data: unknown
}

export interface Snapshot {
  format: 1
  /** Every journal event up to this seq is in the parts. */
  seq: number
  at: string
  parts: Record<string, SnapshotPart>
}

const NAME = /^(\d{12})\.json$/
const KEEP = 2

/**
 * Snapshots of the projections at a journal seq, in `snapshots/<seq>.json`: the body's JSON, then a line
 * with its CRC32. A start reads the newest good one and replays only the events after it. The newest two
 * are kept, so a damaged newest one falls back to the one before (and journal retention never removes the
 * events after the older one).
 */
export class Snapshots {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<Snapshots> {
    await mkdir(dir, { recursive: true })
    return new Snapshots(dir)
  }

  async #names(): Promise<string[]> {
    return (await readdir(this.dir)).filter((n) => NAME.test(n)).sort()
  }

  /**
   * The newest snapshot that reads back whole and is not ahead of the journal, with the names of the ones
   * that did not (moved aside as `.damaged`, reported by the caller).
   */
  async newest(maxSeq: number): Promise<{ snapshot: Snapshot | null; damaged: string[] }> {
    const damaged: string[] = []
    for (const name of (await this.#names()).reverse()) {
      const snapshot = await this.#read(name)
      if (snapshot && snapshot.seq <= maxSeq) return { snapshot, damaged }
      await rename(join(this.dir, name), join(this.dir, `${name}.damaged`))
      damaged.push(name)
    }
    if (damaged.length > 0) await fsyncDir(this.dir)
    return { snapshot: null, damaged }
  }

  /** The seq of the oldest snapshot kept (0 when none): journal retention keeps every event after it. */
  async oldestSeq(): Promise<number> {
    const first = (await this.#names())[0]
    return first ? Number.parseInt(first, 10) : 0
  }

  async write(s: Snapshot): Promise<void> {
    const body = JSON.stringify(s)
    const name = `${String(s.seq).padStart(12, '0')}.json`
    await replaceFileDurably(join(this.dir, name), `${body}\n${crc32(body).toString(16).padStart(8, '0')}\n`)
    const names = await this.#names()
    for (const old of names.slice(0, Math.max(0, names.length - KEEP))) await unlink(join(this.dir, old))
    if (names.length > KEEP) await fsyncDir(this.dir)
  }

  async #read(name: string): Promise<Snapshot | null> {
    try {
      const text = await readFile(join(this.dir, name), 'utf8')
      const nl = text.lastIndexOf('\n', text.length - 2)
      const body = text.slice(0, nl)
      const crc = text.slice(nl + 1).trim()
      if (crc32(body).toString(16).padStart(8, '0') !== crc) return null
      const s = JSON.parse(body) as Snapshot
      if (typeof s.format === 'number' && s.format > 1)
        throw new Error(`snapshot ${name} is of format ${s.format}, written by a newer release`)
      return s.format === 1 && Number.isSafeInteger(s.seq) && typeof s.parts === 'object' ? s : null
    } catch (err) {
      if ((err as Error).message?.includes('newer release')) throw err
      return null
    }
  }
}
