import type { Doc } from './document.js'
import { asStorageError } from './errors.js'
import type { EventData, EventType } from './event-map.js'
import { eventVersion } from './event-map.js'
import type { Journal, JournalEntry } from './journal.js'

/** What one commit writes: built by the feature's decision, synchronously. */
export interface Tx {
  /** A journal event, appended in this order. */
  append<K extends EventType>(type: K, data: EventData<K>): void
  /** A document whose data, as it is when the commit is written, must be durable with it. */
  write(doc: Doc<unknown>): void
  /** How to take this commit's change to memory back, if it cannot be made durable. Run newest first. */
  undo(fn: () => void): void
}

class Transaction implements Tx {
  readonly events: { type: EventType; data: unknown }[] = []
  readonly docs = new Set<Doc<unknown>>()
  readonly undos: (() => void)[] = []
  entries: JournalEntry[] = []
  resolve: () => void = () => {}
  reject: (err: unknown) => void = () => {}

  append<K extends EventType>(type: K, data: EventData<K>): void {
    this.events.push({ type, data })
  }

  write(doc: Doc<unknown>): void {
    this.docs.add(doc)
  }

  undo(fn: () => void): void {
    this.undos.push(fn)
  }

  rollback(onError: (err: unknown) => void): void {
    for (let i = this.undos.length - 1; i >= 0; i--) {
      try {
        ;(this.undos[i] as () => void)()
      } catch (err) {
        onError(err)
      }
    }
  }
}

export interface CommitHooks {
  /** A commit group failed: every commit in it and after it was taken back and refused. */
  onFailure(err: unknown): void
  /** A commit group is durable, with the journal entries it appended (in seq order). */
  onSuccess(entries: JournalEntry[]): void
  /** An undo threw (a bug): reported, the others still run. */
  onUndoError(err: unknown): void
  /** How long a group took to become durable (or to fail), in seconds: the store's write latency. */
  onTimed?(seconds: number, ok: boolean): void
}

/**
 * The one commit rule of the station. A feature decides synchronously, changing its memory and saying
 * what to write (events, documents) and how to undo it; the commit is acknowledged only once durable:
 * documents first, then the journal events (the journal append is the commit point). Commits made while a
 * group is being written form the next group, written in one go.
 *
 * When a group fails, it and every commit queued after it (decided on a memory that included the failed
 * ones) are undone, newest first, and refused: memory is as it was before any of them, and the callers get
 * the error (a StorageError when the disk is full). Documents they touched are written again later, since
 * a document may have reached the disk before the journal refused.
 */
export class Commits {
  #queue: Transaction[] = []
  #running: Promise<void> | null = null
  #inFlight = 0
  #idleWaiters: (() => void)[] = []
  #idleCalls: (() => void)[] = []
  #writingSince: number | null = null

  constructor(
    private readonly journal: Journal,
    private readonly hooks: CommitHooks,
  ) {}

  /** Commits in flight (decided, not yet durable or refused). */
  get inFlight(): number {
    return this.#inFlight
  }

  commit<R>(decide: (tx: Tx) => R): Promise<R> {
    const tx = new Transaction()
    let result: R
    try {
      result = decide(tx)
    } catch (err) {
      tx.rollback(this.hooks.onUndoError)
      return Promise.reject(err)
    }
    if (tx.events.length === 0 && tx.docs.size === 0) return Promise.resolve(result)
    this.#inFlight++
    return new Promise<R>((resolve, reject) => {
      tx.resolve = () => resolve(result)
      tx.reject = reject
      this.#queue.push(tx)
      this.#running ??= Promise.resolve().then(() => this.#run())
    })
  }

  /**
   * Calls `fn` at the first instant no commit is in flight (at once if none is): memory then holds exactly
   * what is durable, which is when a snapshot may be taken. `fn` must be synchronous.
   */
  whenIdle(fn: () => void): void {
    if (this.#inFlight === 0) fn()
    else this.#idleCalls.push(fn)
  }

  /** Resolves once every commit made so far is durable or refused. */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /** Since when the group being written has been waiting on the disk (null when none is). */
  get writingSince(): number | null {
    return this.#writingSince
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      const group = this.#queue
      this.#queue = []
      this.#writingSince = Date.now()
      const started = performance.now()
      const timed = (ok: boolean) => this.hooks.onTimed?.((performance.now() - started) / 1000, ok)
      try {
        const entries = await this.#write(group)
        timed(true)
        for (const tx of group) tx.resolve()
        this.hooks.onSuccess(entries)
      } catch (raw) {
        timed(false)
        const err = asStorageError(raw)
        const failed = [...group, ...this.#queue]
        this.#queue = []
        for (let i = failed.length - 1; i >= 0; i--)
          (failed[i] as Transaction).rollback(this.hooks.onUndoError)
        for (const tx of failed) for (const doc of tx.docs) doc.writeSoon(30_000)
        for (const tx of failed) tx.reject(err)
        this.hooks.onFailure(err)
        this.#settled(failed.length)
        continue
      }
      this.#settled(group.length)
    }
    this.#writingSince = null
    this.#running = null
  }

  #settled(n: number): void {
    this.#inFlight -= n
    if (this.#inFlight !== 0) return
    for (const f of this.#idleCalls.splice(0)) f()
    for (const w of this.#idleWaiters.splice(0)) w()
  }

  async #write(group: Transaction[]): Promise<JournalEntry[]> {
    const docs = new Set<Doc<unknown>>()
    for (const tx of group) for (const d of tx.docs) docs.add(d)
    if (docs.size > 0) {
      // Every write settles before the group is judged, so none is still running while memory is undone.
      const written = await Promise.allSettled([...docs].map((d) => d.write()))
      const failed = written.find((r) => r.status === 'rejected')
      if (failed) throw failed.reason
    }
    const appends: Promise<JournalEntry>[] = []
    for (const tx of group)
      for (const e of tx.events) appends.push(this.journal.append(e.type, e.data, eventVersion(e.type)))
    if (appends.length === 0) return []
    const entries = await Promise.all(appends)
    let i = 0
    for (const tx of group) {
      tx.entries = entries.slice(i, i + tx.events.length)
      i += tx.events.length
    }
    return entries
  }
}
