import {
  classifyEvent,
  type EventBatch,
  type EventType,
  type EventVerdict,
  type UplinkEvent,
} from '../../uplink/protocol.js'
import type { Db } from '../db/db.js'
import { applyPlan, type CommandOutcome } from './apply.js'
import { planOf } from './plan.js'

export type BatchOutcome =
  /** Stored: every seq through `through` is committed. */
  | {
      kind: 'committed'
      through: number
      stored: number
      unread: number
      needsBirth: boolean
      /** District commands whose result this batch brought. */
      results: CommandOutcome[]
    }
  /** Everything in it was committed before: acknowledge again (the station may have missed the ack). */
  | { kind: 'duplicate'; through: number; needsBirth: boolean }
  /** It starts past committed + 1: something before it never arrived. Nothing stored. */
  | { kind: 'gap'; committed: number }
  /** Registered no longer (revoked, or deleted meanwhile): nothing stored. */
  | { kind: 'refused'; reason: 'revoked' | 'unknown' }

/**
 * The row of an event. A known type whose payload breaks its schema keeps only the problem, not the payload:
 * the schema is what keeps personal data out (no phone, no name), so a payload that breaks it may carry some.
 * An unknown type or a newer version is kept as it came, for a newer central service to read.
 */
function rowOf(e: UplinkEvent, verdict: EventVerdict) {
  const data = verdict.kind === 'invalid' ? { problem: verdict.problem } : e.data
  return { ...e, data, verdict: verdict.kind }
}

/** jsonb cannot hold U+0000: an event carrying one must not make its batch fail forever. */
const json = (rows: unknown[]) => JSON.stringify(rows).replaceAll('\\u0000', '\\ufffd')

/**
 * Commits a batch in one transaction: the station's row is locked first (FOR UPDATE), so two central
 * instances given batches of one station take turns, and `committed` decides what is new. Events are
 * inserted ON CONFLICT DO NOTHING and only the rows that really went in are counted, so a batch sent twice,
 * or overlapping one already stored, counts once.
 */
export async function commitBatch(db: Db, station: string, batch: EventBatch): Promise<BatchOutcome> {
  return db.tx(async (q) => {
    const { rows } = await q.query<{ committed: number; session: string | null; revoked_at: Date | null }>(
      'SELECT committed, session, revoked_at FROM stations WHERE id = $1 FOR UPDATE',
      [station],
    )
    const row = rows[0]
    if (!row) return { kind: 'refused', reason: 'unknown' } as const
    if (row.revoked_at) return { kind: 'refused', reason: 'revoked' } as const
    const needsBirth = row.session !== batch.session
    if (batch.to <= row.committed) {
      await q.query('UPDATE stations SET last_seen = now(), head = greatest(head, $2) WHERE id = $1', [
        station,
        batch.head,
      ])
      return { kind: 'duplicate', through: row.committed, needsBirth } as const
    }
    if (batch.from > row.committed + 1) return { kind: 'gap', committed: row.committed } as const

    const fresh = batch.events.filter((e) => e.seq > row.committed)
    const verdicts = fresh.map((e) => classifyEvent(e))
    let stored = 0
    let unread = 0
    let results: CommandOutcome[] = []
    if (fresh.length > 0) {
      const inserted = await q.query<{ seq: number }>(
        `INSERT INTO events (station_id, seq, at, type, v, data, verdict)
         SELECT $1, x.seq, x.at, x.type, x.v, x.data, x.verdict
         FROM jsonb_to_recordset($2::jsonb)
           AS x(seq bigint, at timestamptz, type text, v integer, data jsonb, verdict text)
         ON CONFLICT (station_id, seq) DO NOTHING RETURNING seq`,
        [station, json(fresh.map((e, i) => rowOf(e, verdicts[i] as EventVerdict)))],
      )
      const isNew = new Set(inserted.rows.map((r) => r.seq))
      const good = fresh.filter((e, i) => isNew.has(e.seq) && verdicts[i]?.kind === 'ok')
      stored = isNew.size
      unread = fresh.filter((e, i) => isNew.has(e.seq) && verdicts[i]?.kind !== 'ok').length
      results = await applyPlan(q, station, planOf(good as Array<UplinkEvent & { type: EventType }>))
    }
    await q.query(
      'UPDATE stations SET committed = $2, head = greatest(head, $3), last_seen = now() WHERE id = $1',
      [station, batch.to, batch.head],
    )
    return { kind: 'committed', through: batch.to, stored, unread, needsBirth, results } as const
  })
}
