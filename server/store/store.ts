import { mkdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../clock.js'
import { Commits as CommitQueue, type Commits, type Tx } from './commit.js'
import { type Cursor, Cursors, type CursorsData, CursorsSchema } from './cursors.js'
import { type DamageData, DamageLog, DamageSchema } from './damage.js'
import { DiskMonitor, type DiskState } from './disk.js'
import { Doc, type DocSpec } from './document.js'
import { replaceFileDurably } from './durable-file.js'
import { StorageError } from './errors.js'
import { checkEntry, type EventData, type EventType } from './event-map.js'
import { DATA_FORMAT, FILES } from './files.js'
import { folderFormat } from './format.js'
import { History, type HistoryOptions } from './history.js'
import { Journal, type JournalDamage, type JournalEntry } from './journal.js'
import { readOrCreateKey } from './key-file.js'
import { type Projection, Projections } from './projections.js'
import { applyRetention, type RetentionData, type RetentionPolicy, RetentionSchema } from './retention.js'
import { Snapshots } from './snapshots.js'

export type { Tx } from './commit.js'
export type { Projection } from './projections.js'

export interface StoreLog {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface StoreOptions {
  dataDir: string
  clock: Clock
  log: StoreLog
  journalSegmentBytes: number
  history: Omit<HistoryOptions, 'clock' | 'onFlushError'>
  retention: RetentionPolicy
  /** Past this percent of the disk in use, managers are alerted. */
  diskAlertPercent: number
  /** A snapshot is taken after this many events (and hourly when anything changed, and at close). */
  snapshotEvery: number
  /** Told when damage is found (first: the first not yet acknowledged) and when the disk state changes. */
  onDamage?: (d: JournalDamage, first: boolean) => void
  onDisk?: (s: DiskState) => void
}

const HOUR = 3_600_000
const SCRUB_MS = 24 * HOUR

/**
 * The one owner of the data folder. Features ask it for what they keep (a document, the journal through
 * commits and projections, readings history, a key file, a cursor) and never join a path under the folder
 * themselves. It refuses a folder it cannot read rightly, reports damage instead of hiding it, answers a
 * full disk with a StorageError, and keeps the start bounded by snapshots.
 */
export class Store {
  readonly dataDir: string
  readonly journal: Journal
  readonly history: History
  readonly damage: DamageLog
  readonly disk: DiskMonitor
  readonly #o: StoreOptions
  readonly #commits: Commits
  readonly #docs: Doc<unknown>[]
  readonly #snapshots: Snapshots
  readonly #projections: Projections
  readonly #cursors: Cursors
  readonly #retentionDoc: Doc<RetentionData>
  readonly #timers: unknown[] = []
  #snapshotSeq = 0
  #snapshotting: Promise<void> | null = null
  #failedRecords = 0
  /**
   * A switch that makes every write fail as a full disk would (ENOSPC), for tests of what a failed commit
   * leaves behind (tests/integration/store-contract.test.ts). Never set by the hub itself.
   */
  readonly faults = { failWrites: false }
  readonly #followers = new Set<(entries: JournalEntry[]) => void>()
  readonly #writeTimers = new Set<(seconds: number, ok: boolean) => void>()
  #closed = false

  private constructor(
    o: StoreOptions,
    parts: {
      journal: Journal
      history: History
      damage: DamageLog
      docs: Doc<unknown>[]
      snapshots: Snapshots
      cursors: Cursors
      retention: Doc<RetentionData>
    },
  ) {
    this.#o = o
    this.dataDir = o.dataDir
    this.journal = parts.journal
    this.history = parts.history
    this.damage = parts.damage
    this.#docs = parts.docs
    this.#snapshots = parts.snapshots
    this.#cursors = parts.cursors
    this.#retentionDoc = parts.retention
    this.disk = new DiskMonitor(o.dataDir, o.clock, o.diskAlertPercent, (s) => o.onDisk?.(s))
    this.#projections = new Projections((d) => this.damage.add(d))
    this.#commits = new CommitQueue(this.journal, {
      onFailure: (err) => {
        if (err instanceof StorageError && err.full) this.disk.writeFailed()
        o.log.error({ err }, 'a write could not be made durable: taken back and refused')
      },
      onSuccess: (entries) => {
        this.disk.writeSucceeded()
        if (entries.length > 0) for (const f of this.#followers) f(entries)
      },
      onUndoError: (err) => o.log.error({ err }, 'taking back a refused write failed'),
      onTimed: (seconds, ok) => {
        for (const f of this.#writeTimers) f(seconds, ok)
      },
    })
  }

  static async open(o: StoreOptions): Promise<Store> {
    // Before anything is made or written: a folder of a newer format is refused untouched.
    const format = await folderFormat(o.dataDir)
    await mkdir(o.dataDir, { recursive: true })
    const docs: Doc<unknown>[] = []
    // The fault switch is the store's, which does not exist yet: its parts ask through this holder.
    let store: Store | null = null
    const fault = () => (store?.faults.failWrites ? faultError() : null)
    const hooks = {
      clock: o.clock,
      onError: (err: unknown, file: string) =>
        o.log.error({ err, file }, 'writing a store file failed; retrying'),
      onWritten: () => {},
      fault,
    }
    const openDoc = async <T>(spec: DocSpec<T>) => {
      const d = await Doc.open(o.dataDir, spec, hooks)
      docs.push(d as Doc<unknown>)
      return d
    }
    const damageDoc = await openDoc<DamageData>({
      file: FILES.damage,
      schema: DamageSchema,
      initial: () => ({ version: 1, entries: [] }),
    })
    // Told through the holder: the journal reports damage while it opens, before the store exists.
    const early: JournalDamage[] = []
    const damage = new DamageLog(
      damageDoc,
      () => o.clock.now(),
      (d, first) => {
        o.log.error({ damage: d }, `store damage: ${d.detail}`)
        o.onDamage?.(d, first)
      },
    )
    const journal = await Journal.open(join(o.dataDir, FILES.journal), {
      segmentBytes: o.journalSegmentBytes,
      clock: o.clock,
      onDamage: (d) => (store ? damage.add(d) : early.push(d)),
      fault,
      onTornTail: (file, bytes) =>
        o.log.warn(
          { file, bytes },
          `journal: cut a torn write of ${bytes} bytes at the end of ${file} (a crash)`,
        ),
    })
    const history = await History.open(join(o.dataDir, FILES.history), {
      ...o.history,
      clock: o.clock,
      onFlushError: (err) => o.log.error({ err }, 'writing readings history failed; will retry'),
    })
    const cursorsDoc = await openDoc<CursorsData>({
      file: FILES.cursors,
      schema: CursorsSchema,
      initial: () => ({ version: 1, cursors: {} }),
    })
    const retention = await openDoc<RetentionData>({
      file: FILES.retention,
      schema: RetentionSchema,
      initial: () => ({ version: 1, redactedThrough: 0 }),
    })
    store = new Store(o, {
      journal,
      history,
      damage,
      docs,
      snapshots: await Snapshots.open(join(o.dataDir, FILES.snapshots)),
      cursors: new Cursors(cursorsDoc, () => o.clock.now()),
      retention,
    })
    for (const d of early) damage.add(d)
    await replaceFileDurably(
      join(o.dataDir, FILES.meta),
      `${JSON.stringify({ version: 1, format: DATA_FORMAT })}\n`,
    )
    if (format.kind === 'older')
      o.log.warn(
        { dataDir: o.dataDir, from: format.format, to: DATA_FORMAT },
        `data folder of format ${format.format} brought forward to format ${DATA_FORMAT}`,
      )
    o.log.info({ dataDir: o.dataDir, journalSeq: journal.lastSeq }, 'store opened')
    return store
  }

  /** A feature's document: read, checked against its schema (a wrong shape refuses the start), kept open. */
  async document<T>(spec: DocSpec<T>): Promise<Doc<T>> {
    const doc = await Doc.open(this.dataDir, spec, {
      clock: this.#o.clock,
      onError: (err, file) => this.#o.log.error({ err, file }, 'writing a store file failed; retrying'),
      onWritten: () => this.disk.writeSucceeded(),
      fault: () => (this.faults.failWrites ? faultError() : null),
    })
    this.#docs.push(doc as Doc<unknown>)
    return doc
  }

  /** The one commit rule (server/store/commit.ts): answered only once durable, taken back when not. */
  commit<R>(decide: (tx: Tx) => R): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'))
    return this.#commits.commit(decide)
  }

  /** Resolves once every commit made so far is durable or refused. */
  idle(): Promise<void> {
    return this.#commits.idle()
  }

  /**
   * A fact the hub observed (a device went offline): journaled like any commit, but nobody waits on it and
   * nothing is taken back: a failure is logged and counted.
   */
  record<K extends EventType>(type: K, data: EventData<K>): void {
    this.commit((tx) => tx.append(type, data)).catch((err) => {
      this.#failedRecords++
      this.#o.log.error({ err, type }, 'journaling an observed event failed')
    })
  }

  /** Journal entries from `fromSeq`, each checked against its schema (a misfit is damage, skipped). */
  async *read(fromSeq = 1): AsyncIterable<JournalEntry> {
    for await (const e of this.journal.read(fromSeq)) {
      const problem = checkEntry(e)
      if (problem) this.damage.add(invalid(e, problem))
      else yield e
    }
  }

  /** Registers a projection, restored at start (snapshot + the events after it) by replay(). */
  project(p: Projection): void {
    this.#projections.add(p)
  }

  /**
   * Tells `listener` of every journal entry once it is durable, in seq order (a consumer that reads from
   * its cursor at start, then follows). Returns how to stop.
   */
  onDurable(listener: (entries: JournalEntry[]) => void): () => void {
    this.#followers.add(listener)
    return () => this.#followers.delete(listener)
  }

  /** Tells `listener` how long each commit group took to become durable (or fail), in seconds. */
  onWriteTimed(listener: (seconds: number, ok: boolean) => void): () => void {
    this.#writeTimers.add(listener)
    return () => this.#writeTimers.delete(listener)
  }

  /** A consumer's durable cursor (the webhook outbox, the uplink): retention keeps every event after it. */
  cursor(name: string, opts: { startAtEnd?: boolean } = {}): Cursor {
    return this.#cursors.get(name, opts.startAtEnd ? this.journal.lastSeq : 0)
  }

  /** The station's secret key (32 bytes), created on first start; see key-file.ts. */
  secret(): Promise<Buffer> {
    return readOrCreateKey(
      join(this.dataDir, FILES.secret),
      32,
      'restore it from a backup, or delete it to start with a new key (known phone numbers will no longer be recognised)',
    )
  }

  /**
   * A file of an earlier data format that this release no longer keeps (the old webhook outbox): its
   * content once, the file renamed `<name>.format1` (kept for a person, never read again). Null if none.
   */
  async takeLegacy(file: (typeof FILES)['outbox']): Promise<unknown | null> {
    const path = join(this.dataDir, file)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      return null
    }
    await rename(path, `${path}.format1`)
    try {
      return JSON.parse(text)
    } catch {
      return null
    }
  }

  /** The path of a file another program writes (the account CLI writes users.json). */
  pathOf(file: (typeof FILES)['users']): string {
    return join(this.dataDir, file)
  }

  /**
   * Restores every registered projection from the newest good snapshot and the events after it, in one
   * pass over the journal. Called once, when every feature has registered (at ready).
   */
  async replay(): Promise<{ snapshotSeq: number; replayed: number }> {
    const { snapshot, damaged } = await this.#snapshots.newest(this.journal.lastSeq)
    for (const name of damaged)
      this.damage.add({
        key: `snapshot:${name}`,
        kind: 'unreadable',
        file: `${FILES.snapshots}/${name}.damaged`,
        bytes: 0,
        events: 0,
        detail: `snapshot ${name} is unreadable: moved aside; started from an older one and the journal`,
      })
    const from = this.#projections.restore(snapshot)
    let replayed = 0
    if (this.#projections.size > 0 && from <= this.journal.lastSeq)
      for await (const e of this.read(from)) replayed += this.#projections.apply(e)
    this.#snapshotSeq = snapshot?.seq ?? 0
    this.#o.log.info({ snapshotSeq: this.#snapshotSeq, replayed }, 'projections restored')
    return { snapshotSeq: this.#snapshotSeq, replayed }
  }

  /** Starts the background work: disk watch, scrub, snapshots, retention. */
  async start(): Promise<void> {
    const { clock } = this.#o
    await this.disk.start()
    const scrub = () =>
      this.journal.verify().catch((err) => this.#o.log.error({ err }, 'journal scrub failed'))
    void scrub()
    this.#timers.push(clock.setInterval(() => void scrub(), SCRUB_MS))
    this.#timers.push(clock.setInterval(() => void this.maintain(), HOUR))
    this.#timers.push(
      clock.setInterval(() => {
        if (this.journal.lastSeq - this.#snapshotSeq >= this.#o.snapshotEvery) void this.snapshot()
      }, 60_000),
    )
    if (this.journal.lastSeq - this.#snapshotSeq >= this.#o.snapshotEvery / 10) void this.snapshot()
  }

  /** Hourly: a snapshot when anything changed, then journal retention and redaction. */
  async maintain(): Promise<{ removed: string[]; redacted: number }> {
    try {
      if (this.journal.lastSeq > this.#snapshotSeq) await this.snapshot()
      const lowest = this.#cursors.lowest()
      const snapshotFloor = await this.#snapshots.oldestSeq()
      const r = await applyRetention({
        journal: this.journal,
        doc: this.#retentionDoc,
        policy: this.#o.retention,
        now: this.#o.clock.now(),
        neededAfter: Math.min(lowest ?? Number.POSITIVE_INFINITY, snapshotFloor),
      })
      if (r.removed.length > 0 || r.redacted > 0) this.#o.log.info(r, 'journal retention')
      return r
    } catch (err) {
      this.#o.log.error({ err }, 'journal retention failed; tried again in an hour')
      return { removed: [], redacted: 0 }
    }
  }

  /**
   * Snapshots every projection at a moment when no commit is in flight, so the snapshot holds exactly the
   * durable events up to its seq.
   */
  snapshot(): Promise<void> {
    if (this.#projections.size === 0) return Promise.resolve()
    this.#snapshotting ??= new Promise<{ seq: number; parts: Record<string, { v: number; data: unknown }> }>(
      (resolve) =>
        this.#commits.whenIdle(() => resolve({ seq: this.journal.lastSeq, parts: this.#projections.save() })),
    )
      .then(async ({ seq, parts }) => {
        if (seq <= this.#snapshotSeq) return
        await this.#snapshots.write({
          format: 1,
          seq,
          at: new Date(this.#o.clock.now()).toISOString(),
          parts,
        })
        this.#snapshotSeq = seq
      })
      .catch((err) => this.#o.log.error({ err }, 'writing a snapshot failed; tried again later'))
      .finally(() => {
        this.#snapshotting = null
      })
    return this.#snapshotting
  }

  /**
   * Why the store cannot serve (for the systemd watchdog, which restarts a hub that stops pinging), or
   * null. A full disk is not such a reason (a restart would not free space); a journal closed under the
   * hub, or a write that has hung on the disk for a minute, is.
   */
  watchdogProblem(): string | null {
    if (this.journal.closed && !this.#closed) return 'the journal was closed'
    const since = this.#commits.writingSince
    if (since !== null && Date.now() - since > 60_000)
      return 'a write has waited on the disk for over a minute'
    return null
  }

  health() {
    const disk = this.disk.state
    const damage = this.damage.summary()
    return {
      ok: damage.unacknowledged === 0 && !disk.full,
      journalSeq: this.journal.lastSeq,
      snapshotSeq: this.#snapshotSeq,
      damage,
      disk,
      failedRecords: this.#failedRecords,
      cursors: this.#cursors.all(),
    }
  }

  /** Waits for commits in flight, snapshots, writes every document and closes the files. */
  async close(): Promise<void> {
    if (this.#closed) return
    for (const t of this.#timers) this.#o.clock.clearInterval(t)
    this.disk.stop()
    await this.#commits.idle()
    await this.snapshot()
    this.#closed = true
    for (const d of this.#docs)
      await d.close().catch((err) => this.#o.log.error({ err }, 'closing a store file failed'))
    await this.history.close()
    await this.journal.close()
  }
}

/** What the fault switch fails a write with: what a full disk gives. */
const faultError = () =>
  Object.assign(new Error('ENOSPC: no space left on device (fault switch)'), { code: 'ENOSPC' })

function invalid(e: JournalEntry, problem: string): JournalDamage {
  return {
    key: `invalid:${e.seq}`,
    kind: 'corrupt',
    file: FILES.journal,
    bytes: 0,
    events: 1,
    detail: `${problem}: skipped`,
  }
}
