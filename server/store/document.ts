import { chmod, mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import type { Clock } from '../clock.js'
import { formatSchemaErrors } from '../schema-errors.js'
import { DurableJsonFile } from './durable-file.js'
import { asStorageError, StoreFileError } from './errors.js'

/** What a feature keeps as one JSON document: its file name under the data folder, shape and start value. */
export interface DocSpec<T> {
  /** Relative to the data folder, e.g. `sessions.json` or `private/contacts.json`. */
  file: string
  /** The document's shape (TypeBox): a file of another shape refuses the start, naming what is wrong. */
  schema: TSchema
  /** The value when there is no file yet. */
  initial: () => T
  /** Personal data or sessions: the file is 0600 and its folder 0700. */
  private?: boolean
  /** Brings a file of an older shape forward (called before the schema check); return it unchanged if current. */
  migrate?: (raw: unknown) => unknown
}

export interface DocHooks {
  clock: Clock
  /** A background write failed (it is retried); the store logs it and watches the disk. */
  onError: (err: unknown, file: string) => void
  /** A write succeeded: the store clears a "disk full" state. */
  onWritten: () => void
  /** A fault to fail writes with (tests: the store's fault switch); null to write. */
  fault?: () => Error | null
}

const SOON_MS = 1000
const RETRY_MS = 30_000

/** What a wrong value is, in words a person restoring a backup understands. */
function shapeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list ([])' : 'a list'
  if (typeof v === 'object')
    return Object.keys(v as object).length === 0 ? 'an empty object ({})' : 'an object'
  return typeof v
}

/**
 * A feature's document in the data folder. Only the store opens one (Store.document): the feature gets the
 * data and two ways to write it: `write()` (durable before it resolves: what a commit uses) and
 * `writeSoon()` (in the background, for what nobody waits on, like the last use of a session).
 */
export class Doc<T> {
  readonly path: string
  data: T
  readonly #file: DurableJsonFile<T>
  readonly #hooks: DocHooks
  #timer: unknown = null
  #due = 0
  #dirty = false
  readonly #writes = new Set<Promise<void>>()

  private constructor(path: string, data: T, file: DurableJsonFile<T>, hooks: DocHooks) {
    this.path = path
    this.data = data
    this.#file = file
    this.#hooks = hooks
  }

  static async open<T>(dataDir: string, spec: DocSpec<T>, hooks: DocHooks): Promise<Doc<T>> {
    const path = join(dataDir, spec.file)
    if (spec.private) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 })
      if (dirname(path) !== dataDir) await chmod(dirname(path), 0o700)
    }
    const file = new DurableJsonFile<T>(path, spec.private ? { mode: 0o600 } : {})
    // Through the adapter (it clears a crash's leftover temp file), then judged here: lowdb would take a
    // file holding `null` as no file and start from nothing, silently.
    let text: string | null = null
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreFileError(path, [String(err)])
    }
    await file.read().catch(() => null)
    if (text === null) return new Doc(path, spec.initial(), file, hooks)
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (err) {
      throw new StoreFileError(path, [`not valid JSON (${(err as Error).message})`])
    }
    const empty = typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || (empty && !spec.migrate))
      throw new StoreFileError(path, [`holds ${shapeOf(raw)} where an object with its fields is needed`])
    const data = spec.migrate ? spec.migrate(raw) : raw
    if (!Value.Check(spec.schema, data))
      throw new StoreFileError(
        path,
        formatSchemaErrors(spec.schema, data, { root: '(top level)', unknownKey: 'unknown key' }),
      )
    if (spec.private) await chmod(path, 0o600)
    return new Doc(path, data as T, file, hooks)
  }

  /** Writes the data as it is now; resolves once it is durable. Concurrent writes share one. */
  write(): Promise<void> {
    this.#dirty = false
    const fault = this.#hooks.fault?.()
    const w = (fault ? Promise.reject(fault) : this.#file.write(this.data)).then(
      () => this.#hooks.onWritten(),
      (err) => {
        this.#dirty = true
        throw asStorageError(err)
      },
    )
    this.#writes.add(w)
    const forget = () => this.#writes.delete(w)
    w.then(forget, forget)
    return w
  }

  /** Waits for writes in flight, then writes what changed since (if anything). */
  async flush(): Promise<void> {
    await Promise.allSettled(this.#writes)
    if (this.#dirty) await this.write()
  }

  /** Writes in the background within a second; a failure is reported and retried every 30 s. */
  writeSoon(delayMs = SOON_MS): void {
    this.#dirty = true
    const due = this.#hooks.clock.now() + delayMs
    if (this.#timer !== null) {
      if (due >= this.#due) return
      this.#hooks.clock.clearTimeout(this.#timer)
    }
    this.#due = due
    this.#timer = this.#hooks.clock.setTimeout(() => {
      this.#timer = null
      if (!this.#dirty) return
      this.write().catch((err) => {
        this.#hooks.onError(err, this.path)
        this.writeSoon(RETRY_MS)
      })
    }, delayMs)
  }

  /** Something changed that a failed commit took back: the file may hold it, so write again. */
  get dirty(): boolean {
    return this.#dirty
  }

  /** Writes what is waiting; stops the timer. */
  async close(): Promise<void> {
    if (this.#timer !== null) this.#hooks.clock.clearTimeout(this.#timer)
    this.#timer = null
    await this.flush()
  }
}
