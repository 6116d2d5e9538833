import type { Clock } from '../../clock.js'
import { deliver } from '../../notify/formats.js'
import type { Notification, WebhookTarget } from '../../notify/types.js'
import type { Db } from '../db/db.js'

interface Row {
  id: number
  target: string
  ref: string
  payload: Notification
  created_at: Date
  attempts: number
}

/** A row still undelivered this long after it was queued is dropped (and counted), as on a station. */
const MAX_AGE_MS = 24 * 3_600_000
const LEASE_MS = 60_000
const MIN_BACKOFF_MS = 2000
const MAX_BACKOFF_MS = 300_000

/**
 * The district's webhook outbox (table `outbox`), the station's server/notify made for several instances:
 * an instance leases due rows (FOR UPDATE SKIP LOCKED, so two never send one row at once), posts each in
 * the target's format (WeCom, DingTalk, JSON: server/notify/formats.ts, with X-Redstation-Delivery for a
 * receiver to drop a repeat), and marks it delivered, or due again after a doubling backoff.
 */
export class DistrictOutbox {
  readonly stats = { delivered: 0, failedAttempts: 0, dropped: 0 }
  readonly #targets: Map<string, WebhookTarget>
  #running: Promise<void> | null = null

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    targets: WebhookTarget[],
    private readonly log: { warn(m: string): void },
  ) {
    this.#targets = new Map(targets.map((t) => [t.id, t]))
  }

  /** One pass over what is due; a pass already running is joined, not doubled. */
  pump(): Promise<void> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = null
    })
    return this.#running
  }

  async #pass(): Promise<void> {
    if (this.#targets.size === 0) return
    const now = this.clock.now()
    const { rows } = await this.db.query<Row>(
      `UPDATE outbox SET lease_until = $2 WHERE id IN (
         SELECT id FROM outbox WHERE delivered_at IS NULL AND dropped_at IS NULL AND next_at <= $1
           AND (lease_until IS NULL OR lease_until < $1)
         ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
       RETURNING id, target, ref, payload, created_at, attempts`,
      [new Date(now).toISOString(), new Date(now + LEASE_MS).toISOString()],
    )
    await Promise.all(rows.map((r) => this.#deliver(r)))
  }

  async #deliver(r: Row): Promise<void> {
    const now = this.clock.now()
    const target = this.#targets.get(r.target)
    if (!target || now - r.created_at.getTime() > MAX_AGE_MS) {
      this.stats.dropped++
      this.log.warn(
        `district webhook ${r.target}: dropped ${r.ref} (${target ? 'undelivered for a day' : 'no such target'})`,
      )
      await this.db.query('UPDATE outbox SET dropped_at = $2, lease_until = NULL WHERE id = $1', [
        r.id,
        new Date(now).toISOString(),
      ])
      return
    }
    const verdict = await deliver(r.payload, target, {
      now,
      deliveryId: `${r.ref}@${r.target}`,
      userAgent: 'red-station-central',
      timeoutMs: 10_000,
    })
    if (verdict.ok) {
      this.stats.delivered++
      await this.db.query('UPDATE outbox SET delivered_at = $2, lease_until = NULL WHERE id = $1', [
        r.id,
        new Date(this.clock.now()).toISOString(),
      ])
      return
    }
    this.stats.failedAttempts++
    const attempts = r.attempts + 1
    const wait = Math.min(MIN_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS) * (0.8 + Math.random() * 0.4)
    if (attempts === 1 || attempts % 10 === 0)
      this.log.warn(
        `district webhook ${r.target}: delivery failed (${verdict.why}); attempt ${attempts}, retrying`,
      )
    await this.db.query(
      'UPDATE outbox SET attempts = $2, next_at = $3, last_error = $4, lease_until = NULL WHERE id = $1',
      [r.id, attempts, new Date(this.clock.now() + wait).toISOString(), verdict.why ?? 'refused'],
    )
  }

  async pending(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL AND dropped_at IS NULL',
    )
    return rows[0]?.n ?? 0
  }
}
