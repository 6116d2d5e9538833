import type { EventType } from './event-map.js'
import type { JournalDamage, JournalEntry } from './journal.js'
import type { Snapshot, SnapshotPart } from './snapshots.js'

/**
 * What a feature rebuilds from the journal (visits, screenings): restored from its part of the newest
 * snapshot, then fed the events after it. `apply` must do to memory exactly what the feature's own commit
 * of that event did.
 */
export interface Projection {
  /** Its part's name in a snapshot. */
  name: string
  /** The format of its snapshot part; a snapshot of a newer one refuses the start. */
  version: number
  /** The events it applies. */
  types: readonly EventType[]
  apply(e: JournalEntry): void
  /** Its state as plain JSON, for a snapshot (called synchronously, when no commit is in flight). */
  save(): unknown
  /** Restores a saved state of `version` or older. */
  load(data: unknown, version: number): void
}

/** The registered projections, and the one pass that restores them at start. */
export class Projections {
  readonly #list: Projection[] = []
  readonly #from = new Map<Projection, number>()
  readonly #byType = new Map<string, Projection[]>()

  constructor(private readonly damage: (d: JournalDamage) => void) {}

  get size(): number {
    return this.#list.length
  }

  add(p: Projection): void {
    if (this.#list.some((q) => q.name === p.name)) throw new Error(`projection ${p.name} registered twice`)
    this.#list.push(p)
    for (const t of p.types) this.#byType.set(t, [...(this.#byType.get(t) ?? []), p])
  }

  /** Loads each projection's snapshot part; returns the seq replay must start at. */
  restore(snapshot: Snapshot | null): number {
    let from = Number.POSITIVE_INFINITY
    for (const p of this.#list) {
      const part: SnapshotPart | undefined = snapshot?.parts[p.name]
      if (part && part.v > p.version)
        throw new Error(
          `snapshot part ${p.name} is version ${part.v}; this release reads up to ${p.version}: it was written by a newer release`,
        )
      let start = 1
      if (part && snapshot) {
        try {
          p.load(part.data, part.v)
          start = snapshot.seq + 1
        } catch (err) {
          // A part that cannot be loaded is rebuilt from the whole journal (as much of it as is kept).
          this.damage({
            key: `snapshot-part:${snapshot.seq}:${p.name}`,
            kind: 'corrupt',
            file: `snapshots/${snapshot.seq}`,
            bytes: 0,
            events: 0,
            detail: `snapshot part ${p.name} could not be loaded (${(err as Error).message}); rebuilt from the journal`,
          })
        }
      }
      this.#from.set(p, start)
      from = Math.min(from, start)
    }
    return Number.isFinite(from) ? from : 1
  }

  /** Feeds one event to the projections that take it and have not seen it; returns how many did. */
  apply(e: JournalEntry): number {
    let n = 0
    for (const p of this.#byType.get(e.type) ?? []) {
      if (e.seq < (this.#from.get(p) ?? 1)) continue
      p.apply(e)
      n++
    }
    return n
  }

  save(): Record<string, SnapshotPart> {
    return Object.fromEntries(this.#list.map((p) => [p.name, { v: p.version, data: p.save() }]))
  }
}
