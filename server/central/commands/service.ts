import { randomUUID } from 'node:crypto'
import type { Clock } from '../../clock.js'
import {
  COMMAND_TYPES,
  type Command,
  type CommandType,
  downTopic,
  encode,
  UPLINK_VERSION,
} from '../../uplink/protocol.js'
import type { Db, Sql } from '../db/db.js'

export interface CommandRow {
  id: string
  stationId: string
  type: CommandType
  cv: number
  data: Record<string, unknown>
  publicationId: string | null
  createdAt: string
  createdBy: string
  sends: number
  sentAt: string | null
  state: 'pending' | 'ok' | 'failed' | 'expired'
  resultAt: string | null
  problem: string | null
}

interface Raw {
  id: string
  station_id: string
  type: CommandType
  cv: number
  data: Record<string, unknown>
  publication_id: string | null
  created_at: Date
  created_by: string
  sends: number
  sent_at: Date | null
  state: CommandRow['state']
  result_at: Date | null
  problem: string | null
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)
export const toCommand = (r: Raw): CommandRow => ({
  id: r.id,
  stationId: r.station_id,
  type: r.type,
  cv: r.cv,
  data: r.data,
  publicationId: r.publication_id,
  createdAt: iso(r.created_at) as string,
  createdBy: r.created_by,
  sends: r.sends,
  sentAt: iso(r.sent_at),
  state: r.state,
  resultAt: iso(r.result_at),
  problem: r.problem,
})

/** Past this a command without a result is given up (docs/uplink.md: the station keeps ids at least as long). */
export const EXPIRE_MS = 30 * 86_400_000
/** A pending command of an online station is sent again at most this often, besides after each birth. */
export const RESEND_MS = 10 * 60_000

export interface CommandsOptions {
  db: Db
  clock: Clock
  publish(topic: string, payload: string): Promise<void>
  log: { warn(m: string): void; error(o: unknown, m: string): void }
}

/**
 * Commands down to the stations (docs/uplink.md, "down/commands"), durable at the district: each is a row
 * of `commands`, written (with its audit entry) before it is sent; sent at once when its station is online,
 * again after each of the station's births and every RESEND_MS while it is online, until its
 * `command.result` comes up (ingest marks it ok or failed) or it expires after EXPIRE_MS.
 */
export class Commands {
  readonly stats = { sent: 0, sendFailures: 0 }
  readonly #o: CommandsOptions

  constructor(o: CommandsOptions) {
    this.#o = o
  }

  /** A new command row in the caller's transaction (not sent yet: send after COMMIT). */
  async insert(
    q: Sql,
    c: {
      id?: string
      stationId: string
      type: CommandType
      data: Record<string, unknown>
      by: string
      publicationId?: string | null
    },
  ): Promise<CommandRow> {
    const { rows } = await q.query<Raw>(
      `INSERT INTO commands (id, station_id, type, cv, data, publication_id, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) RETURNING *`,
      [
        c.id ?? randomUUID(),
        c.stationId,
        c.type,
        COMMAND_TYPES[c.type].cv,
        JSON.stringify(c.data),
        c.publicationId ?? null,
        new Date(this.#o.clock.now()).toISOString(),
        c.by,
      ],
    )
    return toCommand(rows[0] as Raw)
  }

  async get(id: string): Promise<CommandRow | null> {
    const { rows } = await this.#o.db.query<Raw>('SELECT * FROM commands WHERE id = $1', [id])
    return rows[0] ? toCommand(rows[0]) : null
  }

  /** Publishes the commands (QoS 1) to stations online now; counted. Never throws. */
  async send(commands: readonly CommandRow[]): Promise<void> {
    if (commands.length === 0) return
    const { rows } = await this.#o.db
      .query<{ id: string }>('SELECT id FROM stations WHERE id = ANY($1) AND online AND revoked_at IS NULL', [
        [...new Set(commands.map((c) => c.stationId))],
      ])
      .catch(() => ({ rows: [] as { id: string }[] }))
    const online = new Set(rows.map((r) => r.id))
    const sent: string[] = []
    for (const c of commands) {
      if (!online.has(c.stationId) || c.state !== 'pending') continue
      const message: Command = {
        v: UPLINK_VERSION,
        id: c.id,
        type: c.type,
        cv: c.cv,
        at: c.createdAt,
        data: c.data,
      }
      try {
        await this.#o.publish(downTopic(c.stationId, 'commands'), encode(message))
        sent.push(c.id)
        this.stats.sent++
      } catch (err) {
        this.stats.sendFailures++
        this.#o.log.warn(`station ${c.stationId}: could not send command ${c.id}: ${(err as Error).message}`)
      }
    }
    if (sent.length > 0)
      await this.#o.db
        .query('UPDATE commands SET sends = sends + 1, sent_at = $2 WHERE id = ANY($1)', [
          sent,
          new Date(this.#o.clock.now()).toISOString(),
        ])
        .catch((err) => this.#o.log.error({ err }, 'commands: could not count a send'))
  }

  /** Every pending command of a station (after its birth: it is online and listening again). */
  async resend(stationId: string): Promise<void> {
    const { rows } = await this.#o.db.query<Raw>(
      `SELECT * FROM commands WHERE station_id = $1 AND state = 'pending' ORDER BY created_at, id`,
      [stationId],
    )
    await this.send(rows.map(toCommand))
  }

  /**
   * The periodic pass: commands older than EXPIRE_MS given up; pending ones of online stations not sent for
   * RESEND_MS sent again (a birth re-sends too, but a station may stay connected for days).
   */
  async sweep(): Promise<void> {
    const now = this.#o.clock.now()
    await this.#o.db.query(
      `UPDATE commands SET state = 'expired' WHERE state = 'pending' AND created_at < $1`,
      [new Date(now - EXPIRE_MS).toISOString()],
    )
    const { rows } = await this.#o.db.query<Raw>(
      `SELECT c.* FROM commands c JOIN stations s ON s.id = c.station_id
       WHERE c.state = 'pending' AND s.online AND (c.sent_at IS NULL OR c.sent_at < $1)
       ORDER BY c.created_at LIMIT 1000`,
      [new Date(now - RESEND_MS).toISOString()],
    )
    await this.send(rows.map(toCommand))
  }

  /** Pending commands per station (for /metrics and the page). */
  async pendingCount(): Promise<number> {
    const { rows } = await this.#o.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM commands WHERE state = 'pending'`,
    )
    return rows[0]?.n ?? 0
  }
}
