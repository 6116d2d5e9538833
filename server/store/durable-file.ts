import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { type Adapter, Low } from 'lowdb'

/**
 * Makes a directory entry change (create, rename, unlink) durable. Without it a power cut can undo a
 * rename even though the renamed file's bytes were fsynced (POSIX fsync(2): syncing a file does not sync
 * the directory that names it).
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Replaces `path` with `text` so that a crash at any instant leaves either the old or the new content,
 * never a mix: write a temp file, fsync it, rename it over the target, fsync the directory.
 */
export async function replaceFileDurably(
  path: string,
  text: string | Buffer,
  tmpPath = `${path}.tmp`,
  mode?: number,
): Promise<void> {
  const handle = await open(tmpPath, 'w', mode ?? 0o666)
  try {
    // A temp file left from before keeps its old mode: set it, so a private file is never readable.
    if (mode !== undefined) await handle.chmod(mode)
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(tmpPath, path)
  await fsyncDir(dirname(path))
}

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

/**
 * A lowdb adapter whose write() resolves only once the data is on disk (lowdb's TextFile renames without
 * fsync, so a power cut can lose an acknowledged write or leave an empty file).
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #path: string
  readonly #tmpPath: string
  /** The newest data not yet being written, and everyone who waits for a write that includes it. */
  #queued: { data: T; waiters: Waiter[] } | null = null
  #writing = false
  readonly #mode: number | undefined
  #dirReady = false
  #writes = 0

  /** `mode`: e.g. 0o600 for a file with personal data or sessions (created so, and kept so on every write). */
  constructor(path: string, opts: { mode?: number } = {}) {
    this.#path = path
    this.#mode = opts.mode
    // The pid keeps two processes pointed at the same file by mistake from writing one temp file.
    this.#tmpPath = `${path}.${process.pid}.tmp`
  }

  /** Physical writes done, for tests and the benchmark: fewer than write() calls when they coalesce. */
  get stats(): { writes: number } {
    return { writes: this.#writes }
  }

  async read(): Promise<T | null> {
    await this.#removeLeftoverTemps()
    let text: string
    try {
      text = await readFile(this.#path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    try {
      return JSON.parse(text) as T
    } catch (err) {
      // Never fall back to defaults here: that would overwrite the station's state on the next write.
      throw new Error(`${this.#path}: the state file is not valid JSON (${(err as Error).message})`, {
        cause: err,
      })
    }
  }

  /**
   * While a write is in flight, later calls wait and only the newest data is written next, once. Each
   * caller resolves after a write that includes its data (or newer) is durable.
   */
  write(data: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject }
      if (this.#queued) {
        this.#queued.data = data
        this.#queued.waiters.push(waiter)
      } else {
        this.#queued = { data, waiters: [waiter] }
      }
      if (!this.#writing) void this.#drain()
    })
  }

  async #drain(): Promise<void> {
    this.#writing = true
    while (this.#queued) {
      const { data, waiters } = this.#queued
      this.#queued = null
      try {
        await this.#writeNow(data)
        for (const w of waiters) w.resolve()
      } catch (err) {
        for (const w of waiters) w.reject(err)
      }
    }
    this.#writing = false
  }

  async #writeNow(data: T): Promise<void> {
    if (!this.#dirReady) {
      await mkdir(dirname(this.#path), { recursive: true })
      this.#dirReady = true
    }
    // Serialised here, not in write(): a caller that mutated the object since is still covered.
    await replaceFileDurably(this.#path, JSON.stringify(data, null, 2), this.#tmpPath, this.#mode)
    this.#writes++
  }

  /** A temp file left by a crash holds a write that was never acknowledged: the main file wins. */
  async #removeLeftoverTemps(): Promise<void> {
    const dir = dirname(this.#path)
    const prefix = `${basename(this.#path)}.`
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      throw err
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || !/^\d+\.tmp$/.test(name.slice(prefix.length))) continue
      const full = join(dir, name)
      if (this.#writing && full === this.#tmpPath) continue
      await unlink(full).catch(() => {})
    }
  }
}

/** A lowdb database over a DurableJsonFile, already read (defaultData when the file does not exist). */
export async function openStateDb<T>(path: string, defaultData: T): Promise<Low<T>> {
  const db = new Low<T>(new DurableJsonFile<T>(path), defaultData)
  await db.read()
  return db
}
