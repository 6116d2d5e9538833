import { Type } from 'typebox'
import { DAY } from '../time/station-time.js'
import type { Doc } from './document.js'
import type { EventDef } from './event-kit.js'
import { EVENTS } from './event-map.js'
import type { Journal, JournalEntry } from './journal.js'

export const RetentionSchema = Type.Object({
  version: Type.Literal(1),
  /** Every sealed segment up to this seq has had its personal data redacted. */
  redactedThrough: Type.Integer({ minimum: 0 }),
})
export interface RetentionData {
  version: 1
  redactedThrough: number
}

export interface RetentionPolicy {
  /** Segments whose newest event is older than this are removed, once nothing needs them. */
  journalDays: number
  /** Past this, events keep only their redacted form: the figures without the person. */
  personalDays: number
}

/** The entry with its personal fields removed, or the same object when it has none. */
export function redactEntry(e: JournalEntry): JournalEntry {
  const def = (EVENTS as Record<string, EventDef>)[e.type]
  if (!def?.redact) return e
  const data = def.redact(e.data as never)
  return JSON.stringify(data) === JSON.stringify(e.data) ? e : { ...e, data }
}

/**
 * Journal retention, run hourly: sealed segments older than `journalDays` are removed once every cursor
 * has passed them and the oldest snapshot kept covers them (a lagging cursor keeps them); sealed segments
 * older than `personalDays` are rewritten without personal data.
 */
export async function applyRetention(o: {
  journal: Journal
  doc: Doc<RetentionData>
  policy: RetentionPolicy
  now: number
  /** Every event up to this seq is no longer needed by a cursor or for a start. */
  neededAfter: number
}): Promise<{ removed: string[]; redacted: number }> {
  const sealed = await o.journal.sealed()
  const removed = sealed
    .filter((s) => s.lastSeq <= o.neededAfter && s.lastTs < o.now - o.policy.journalDays * DAY)
    .map((s) => s.name)
  await o.journal.remove(removed)
  let redacted = 0
  for (const s of sealed) {
    if (removed.includes(s.name) || s.lastSeq <= o.doc.data.redactedThrough) continue
    if (s.lastTs >= o.now - o.policy.personalDays * DAY) break
    redacted += await o.journal.rewrite(s.name, redactEntry)
    o.doc.data.redactedThrough = s.lastSeq
    await o.doc.write()
  }
  return { removed, redacted }
}
