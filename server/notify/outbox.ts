import type { Low } from 'lowdb'
import type { Clock } from '../clock.js'
import { openStateDb } from '../store/durable-file.js'
import { accepted, shape } from './formats.js'
import type { Notification, WebhookTarget } from './types.js'

interface Entry {
  /** `<notification id>@<target id>`: the X-Redstation-Delivery header, so a receiver can drop repeats. */
  id: string
  target: string
  notification: Notification
  attempts: number
  nextAt: number
  lastError: string | null
}

export interface OutboxOptions {
  targets: WebhookTarget[]
  clock: Clock
  log: { warn(msg: string): void; info(msg: string): void }
  minBackoffMs?: number
  maxBackoffMs?: number
  timeoutMs?: number
  /** Past this many undelivered entries the oldest are dropped (and counted): memory stays bounded. */
  maxPending?: number
}

/**
 * A durable outbox for webhooks. `enqueue` resolves once the notification is on disk; delivery then goes on
 * in the background, in order per target, retrying with backoff (doubling, capped, with jitter) through
 * network loss and hub restarts, until the receiver takes it.
 */
export class Outbox {
  readonly stats = { delivered: 0, failedAttempts: 0, dropped: 0 }
  readonly #targets: Map<string, WebhookTarget>
  #timer: unknown = null
  #pumping: Promise<void> | null = null
  #again = false
  #stopped = false

  private constructor(
    private readonly db: Low<{ pending: Entry[] }>,
    private readonly o: Required<OutboxOptions>,
  ) {
    this.#targets = new Map(o.targets.map((t) => [t.id, t]))
  }

  static async open(path: string, opts: OutboxOptions): Promise<Outbox> {
    const db = await openStateDb<{ pending: Entry[] }>(path, { pending: [] })
    return new Outbox(db, {
      minBackoffMs: 2000,
      maxBackoffMs: 300_000,
      timeoutMs: 10_000,
      maxPending: 5000,
      ...opts,
    })
  }

  pending(): readonly Entry[] {
    return this.db.data.pending
  }

  /** Queues `n` for every target taking its severity (or the given ones); resolves when durable. */
  async enqueue(n: Notification, targetIds?: string[]): Promise<number> {
    const targets = targetIds
      ? targetIds.map((id) => this.#targets.get(id)).filter((t): t is WebhookTarget => t !== undefined)
      : [...this.#targets.values()].filter((t) => t.severities.includes(n.severity))
    if (targets.length === 0) return 0
    const now = this.o.clock.now()
    const pending = this.db.data.pending
    for (const t of targets)
      pending.push({
        id: `${n.id}@${t.id}`,
        target: t.id,
        notification: n,
        attempts: 0,
        nextAt: now,
        lastError: null,
      })
    if (pending.length > this.o.maxPending) {
      const drop = pending.length - this.o.maxPending
      pending.splice(0, drop)
      this.stats.dropped += drop
      this.o.log.warn(`webhook outbox full: dropped the ${drop} oldest undelivered notification(s)`)
    }
    await this.db.write()
    this.start()
    return targets.length
  }

  /** Delivers what is due now and schedules the next attempt. Safe to call often. */
  start(): void {
    if (this.#stopped) return
    if (this.#pumping) {
      this.#again = true
      return
    }
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = null
      if (this.#again) {
        this.#again = false
        this.start()
      } else this.#schedule()
    })
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) this.o.clock.clearTimeout(this.#timer)
    await this.#pumping
    await this.db.write()
  }

  async #pump(): Promise<void> {
    // One entry at a time per target, oldest first, so a receiver sees notifications in order.
    const heads = new Map<string, Entry>()
    for (const e of this.db.data.pending) if (!heads.has(e.target)) heads.set(e.target, e)
    const now = this.o.clock.now()
    const due = [...heads.values()].filter((e) => e.nextAt <= now)
    if (due.length === 0) return
    const results = await Promise.all(due.map((e) => this.#deliver(e)))
    await this.db.write()
    if (results.some((ok) => ok)) this.#again = true // the next entry of a target that just succeeded is due
  }

  async #deliver(e: Entry): Promise<boolean> {
    const target = this.#targets.get(e.target)
    if (!target) {
      this.#remove(e) // the target was removed from the config: nowhere to send it
      return false
    }
    const { url, body } = shape(e.notification, target, this.o.clock.now())
    let verdict: { ok: boolean; why?: string }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-redstation-delivery': e.id,
          'user-agent': 'red-station-hub',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      })
      verdict = accepted(target, res.status, await res.text())
    } catch (err) {
      verdict = {
        ok: false,
        why: (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message,
      }
    }
    if (verdict.ok) {
      this.#remove(e)
      this.stats.delivered++
      return true
    }
    e.attempts++
    e.lastError = verdict.why ?? 'refused'
    const base = Math.min(this.o.minBackoffMs * 2 ** (e.attempts - 1), this.o.maxBackoffMs)
    e.nextAt = this.o.clock.now() + Math.round(base * (0.8 + Math.random() * 0.4))
    this.stats.failedAttempts++
    if (e.attempts === 1 || e.attempts % 10 === 0)
      this.o.log.warn(
        `webhook ${e.target}: delivery failed (${e.lastError}); attempt ${e.attempts}, retrying`,
      )
    return false
  }

  #remove(e: Entry): void {
    const i = this.db.data.pending.indexOf(e)
    if (i >= 0) this.db.data.pending.splice(i, 1)
  }

  #schedule(): void {
    if (this.#stopped) return
    if (this.#timer) this.o.clock.clearTimeout(this.#timer)
    this.#timer = null
    const heads = new Map<string, number>()
    for (const e of this.db.data.pending) if (!heads.has(e.target)) heads.set(e.target, e.nextAt)
    if (heads.size === 0) return
    const wait = Math.max(0, Math.min(...heads.values()) - this.o.clock.now())
    this.#timer = this.o.clock.setTimeout(() => {
      this.#timer = null
      this.start()
    }, wait)
  }
}
