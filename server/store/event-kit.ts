import type { Static, TSchema } from 'typebox'

/**
 * How a feature declares the journal events it writes: each name with the version of its payload and the
 * payload's schema. server/store/event-map.ts gathers every feature's into the one map.
 */
export interface EventDef<S extends TSchema = TSchema> {
  /** The payload's version: bumped when its meaning or shape changes; an older one is migrated on replay. */
  v: number
  schema: S
  /** What the event records, for people (docs/uplink.md is written from these). */
  description: string
  /**
   * Holds personal data (a phone hash or masked number): never leaves the station as is, and past
   * privacy.personalDataDays the journal keeps only `redact(data)` (the figures without the person).
   */
  personal?: boolean
  redact?: (data: Static<S>) => Static<S>
}

// biome-ignore lint/suspicious/noExplicitAny: each entry keeps its own schema type
export const defineEvents = <M extends Record<string, EventDef<any>>>(m: M): M => m

/** One event, its payload type inferred from its schema (so `redact` is typed). */
export const event = <S extends TSchema>(d: EventDef<S>): EventDef<S> => d

/** A phone hash, or '' once redacted. */
export const HASH_PATTERN = '^([0-9a-f]{64})?$'

export type PayloadOf<D> = D extends EventDef<infer S> ? Static<S> : never
