import { mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Clock } from '../clock.js'
import type { StationTime } from '../time/station-time.js'
import { fsyncDir, replaceFileDurably } from './durable-file.js'

/** t = ms epoch. A downsampled point has v = average, with the min, max and count of its bucket. */
export interface HistoryPoint {
  t: number
  v: number
  min?: number
  max?: number
  n?: number
}

export interface HistoryOptions {
  clock: Clock
  /** Day files are station days (server/time/station-time.ts). */
  time: StationTime
  /** How often buffered points are written (default 1000). */
  flushMs?: number
  retentionDays: number
  downsampleAfterDays: number
  bucketSec: number
  /** Called when a timed flush fails; its points stay buffered and are retried on the next flush. */
  onFlushError?: (err: unknown) => void
}

type MaintainResult = { downsampled: number; deleted: number }

const DAY_MS = 86_400_000
const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/
// A `.ds` file is already downsampled: maintain() never touches it again, which makes it idempotent.
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})(\.ds)?\.jsonl$/

// A day file's points lie within its station day; a day either side covers a change of zone or a file
// named by UTC days (before station time), so a query reads those too and filters points by time.
const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`)
const MARGIN_MS = DAY_MS
const toLines = (points: HistoryPoint[]) => points.map((p) => `${JSON.stringify(p)}\n`).join('')

function checkDeviceId(deviceId: string): void {
  // The id becomes a directory name: a separator or `..` would write outside the history folder.
  if (!DEVICE_ID.test(deviceId)) throw new Error(`history: invalid device id ${JSON.stringify(deviceId)}`)
}

/** Points of a day file; a torn last line (a crash mid-write) or any unreadable line is skipped. */
async function readDayFile(path: string): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = []
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line === '') continue
    try {
      const p = JSON.parse(line) as HistoryPoint
      if (typeof p.t === 'number' && typeof p.v === 'number') points.push(p)
    } catch {}
  }
  return points
}

/** One point per bucket; points that are already aggregates weigh by their count. */
function downsample(points: HistoryPoint[], bucketMs: number): HistoryPoint[] {
  const buckets = new Map<number, { sum: number; n: number; min: number; max: number }>()
  for (const p of points) {
    const t = Math.floor(p.t / bucketMs) * bucketMs
    const n = p.n ?? 1
    const b = buckets.get(t) ?? { sum: 0, n: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }
    b.sum += p.v * n
    b.n += n
    b.min = Math.min(b.min, p.min ?? p.v)
    b.max = Math.max(b.max, p.max ?? p.v)
    buckets.set(t, b)
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([t, b]) => ({ t, v: b.sum / b.n, min: b.min, max: b.max, n: b.n }))
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

/** The readings of one device within one second: stored as one point (the last value, with min and max). */
interface Second {
  sec: number
  t: number
  v: number
  min: number
  max: number
  n: number
}

const pointOf = (s: Second): HistoryPoint =>
  s.n === 1 ? { t: s.t, v: s.v } : { t: s.t, v: s.v, min: s.min, max: s.max, n: s.n }

/**
 * Readings history in one file per device per station day, so an append touches one small file whatever
 * the total history, and old days can be downsampled or deleted whole. At most one point per device per
 * second is stored (the last value, with the second's min and max): a chatty or flooding sensor cannot fill
 * the disk, and a day holds at most 86,400 points per device.
 */
export class History {
  readonly #dir: string
  readonly #opts: HistoryOptions
  #buffer = new Map<string, HistoryPoint[]>()
  /** Per device, the second being collected (not yet in #buffer). */
  #open = new Map<string, Second>()
  /** `device/day` → the file its points go to, checked this run to end with a newline. */
  #targets = new Map<string, string>()
  /** Flush, query and maintain run one at a time, so a query never sees a point twice or not at all. */
  #lock: Promise<unknown> = Promise.resolve()
  #timer: unknown
  #closed = false

  private constructor(dir: string, opts: HistoryOptions) {
    this.#dir = dir
    this.#opts = opts
  }

  static async open(dir: string, opts: HistoryOptions): Promise<History> {
    await mkdir(dir, { recursive: true })
    const history = new History(dir, opts)
    history.#timer = opts.clock.setInterval(() => {
      history.flush().catch((err) => history.#opts.onFlushError?.(err))
    }, opts.flushMs ?? 1000)
    return history
  }

  append(deviceId: string, t: number, v: number): void {
    checkDeviceId(deviceId)
    if (this.#closed) throw new Error('history: closed')
    if (!Number.isFinite(t) || !Number.isFinite(v))
      throw new Error(`history: point (${t}, ${v}) is not finite`)
    const sec = Math.floor(t / 1000)
    const open = this.#open.get(deviceId)
    if (open && open.sec === sec) {
      open.t = t
      open.v = v
      open.min = Math.min(open.min, v)
      open.max = Math.max(open.max, v)
      open.n++
      return
    }
    if (open) this.#push(deviceId, pointOf(open))
    this.#open.set(deviceId, { sec, t, v, min: v, max: v, n: 1 })
  }

  #push(deviceId: string, p: HistoryPoint): void {
    const points = this.#buffer.get(deviceId)
    if (points) points.push(p)
    else this.#buffer.set(deviceId, [p])
  }

  /** Moves every second being collected into the buffer (before a flush or a query). */
  #closeSeconds(): void {
    for (const [deviceId, s] of this.#open) this.#push(deviceId, pointOf(s))
    this.#open.clear()
  }

  flush(): Promise<void> {
    return this.#exclusive(() => this.#flushNow())
  }

  async query(deviceId: string, from: number, to: number): Promise<HistoryPoint[]> {
    checkDeviceId(deviceId)
    return this.#exclusive(async () => {
      const deviceDir = join(this.#dir, deviceId)
      const files = new Map<string, string>()
      for (const name of await listDir(deviceDir)) {
        const [, day, ds] = DAY_FILE.exec(name) ?? []
        if (!day || dayStart(day) + DAY_MS + MARGIN_MS <= from || dayStart(day) - MARGIN_MS > to) continue
        // After a crash between writing a .ds file and deleting its raw file, the .ds file holds both.
        if (ds || !files.has(day)) files.set(day, name)
      }
      // Never push(...points): a day of a chatty sensor is more arguments than the stack holds.
      const out: HistoryPoint[] = []
      const take = (points: HistoryPoint[]) => {
        for (const p of points) if (p.t >= from && p.t <= to) out.push(p)
      }
      for (const name of files.values()) take(await readDayFile(join(deviceDir, name)))
      take(this.#buffer.get(deviceId) ?? [])
      const open = this.#open.get(deviceId)
      if (open) take([pointOf(open)])
      return out.sort((a, b) => a.t - b.t)
    })
  }

  maintain(): Promise<MaintainResult> {
    return this.#exclusive(async () => {
      await this.#flushNow()
      const now = this.#opts.clock.now()
      const result = { downsampled: 0, deleted: 0 }
      for (const deviceId of await listDir(this.#dir)) {
        if (DEVICE_ID.test(deviceId)) await this.#maintainDevice(deviceId, now, result)
      }
      return result
    })
  }

  /** Stops the flush timer and writes what is buffered. */
  async close(): Promise<void> {
    if (!this.#closed) this.#opts.clock.clearInterval(this.#timer)
    this.#closed = true
    await this.flush()
  }

  #exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.#lock.then(fn)
    this.#lock = run.catch(() => {})
    return run
  }

  async #flushNow(): Promise<void> {
    this.#closeSeconds()
    if (this.#buffer.size === 0) return
    const files = new Map<string, { deviceId: string; day: string; points: HistoryPoint[] }>()
    for (const [deviceId, points] of this.#buffer) {
      for (const p of points) {
        const day = this.#opts.time.day(p.t)
        const key = `${deviceId}/${day}`
        const file = files.get(key)
        if (file) file.points.push(p)
        else files.set(key, { deviceId, day, points: [p] })
      }
    }
    this.#buffer = new Map()
    const batch = [...files.values()]
    const results = await Promise.allSettled(batch.map((f) => this.#appendDay(f.deviceId, f.day, f.points)))
    let failure: unknown = null
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return
      failure ??= r.reason
      // Kept for the next flush, ahead of newer points.
      const { deviceId, points } = batch[i] as { deviceId: string; points: HistoryPoint[] }
      this.#buffer.set(deviceId, [...points, ...(this.#buffer.get(deviceId) ?? [])])
    })
    if (failure) throw failure
  }

  /** One write and one fsync for the day file (plus directory fsyncs the first time a file is made). */
  async #appendDay(deviceId: string, day: string, points: HistoryPoint[]): Promise<void> {
    const key = `${deviceId}/${day}`
    const known = this.#targets.get(key)
    // Forgotten until this write succeeds, so a failed write is checked for a torn line before the retry.
    this.#targets.delete(key)
    const path = known ?? (await this.#dayTarget(deviceId, day))
    const handle = await open(path, 'a+')
    let created = false
    try {
      let prefix = ''
      if (!known) {
        const { size } = await handle.stat()
        created = size === 0
        const last = Buffer.alloc(1)
        // A torn line from a crash must not swallow the first new point.
        if (size > 0 && (await handle.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 10)
          prefix = '\n'
      }
      await handle.appendFile(prefix + toLines(points))
      await handle.datasync()
    } finally {
      await handle.close()
    }
    if (created) await fsyncDir(dirname(path))
    this.#targets.set(key, path)
  }

  async #dayTarget(deviceId: string, day: string): Promise<string> {
    const deviceDir = join(this.#dir, deviceId)
    if (await mkdir(deviceDir, { recursive: true })) await fsyncDir(this.#dir)
    const ds = join(deviceDir, `${day}.ds.jsonl`)
    // A late point for a day already downsampled joins its .ds file, so a raw file never sits beside one.
    return stat(ds).then(
      () => ds,
      () => join(deviceDir, `${day}.jsonl`),
    )
  }

  async #maintainDevice(deviceId: string, now: number, result: MaintainResult): Promise<void> {
    const deviceDir = join(this.#dir, deviceId)
    const names = await listDir(deviceDir)
    const days = new Map<string, { raw?: string; ds?: string }>()
    for (const name of names) {
      // An unfinished downsample: its raw file is still there, so it is simply redone.
      if (name.endsWith('.tmp')) await unlink(join(deviceDir, name))
      const [, day, ds] = DAY_FILE.exec(name) ?? []
      if (!day) continue
      const entry = days.get(day) ?? {}
      entry[ds ? 'ds' : 'raw'] = join(deviceDir, name)
      days.set(day, entry)
    }
    const { retentionDays, downsampleAfterDays, bucketSec } = this.#opts
    for (const [day, { raw, ds }] of days) {
      const end = dayStart(day) + DAY_MS
      const expired = end <= now - retentionDays * DAY_MS
      if (expired || (raw && ds)) {
        for (const path of expired ? [raw, ds] : [raw]) if (path) await unlink(path)
        this.#targets.delete(`${deviceId}/${day}`)
        if (expired) result.deleted += Number(Boolean(raw)) + Number(Boolean(ds))
        await fsyncDir(deviceDir)
        continue
      }
      if (!raw || end > now - downsampleAfterDays * DAY_MS) continue
      const points = downsample(await readDayFile(raw), bucketSec * 1000)
      await replaceFileDurably(join(deviceDir, `${day}.ds.jsonl`), toLines(points))
      // The .ds file is durable before the raw one goes: a crash in between leaves both, handled above.
      await unlink(raw)
      await fsyncDir(deviceDir)
      this.#targets.delete(`${deviceId}/${day}`)
      result.downsampled++
    }
  }
}
