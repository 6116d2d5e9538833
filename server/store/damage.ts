import { Type } from 'typebox'
import type { Doc } from './document.js'
import type { JournalDamage } from './journal.js'

const Entry = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  file: Type.String(),
  bytes: Type.Integer(),
  events: Type.Integer(),
  detail: Type.String(),
  foundAt: Type.String(),
  acknowledged: Type.Union([Type.Object({ by: Type.String(), at: Type.String() }), Type.Null()]),
})

export const DamageSchema = Type.Object({ version: Type.Literal(1), entries: Type.Array(Entry) })

export interface DamageData {
  version: 1
  entries: (JournalDamage & { foundAt: string; acknowledged: { by: string; at: string } | null })[]
}

/** Damage found in the data folder, until a manager has seen it: `damage.json`. */
export class DamageLog {
  constructor(
    private readonly doc: Doc<DamageData>,
    private readonly now: () => number,
    private readonly told: (d: JournalDamage, first: boolean) => void,
  ) {}

  /** Records damage once (by its key); the first time, it is told (logged at error, shown). */
  add(d: JournalDamage): void {
    if (this.doc.data.entries.some((e) => e.key === d.key)) return
    this.doc.data.entries.push({ ...d, foundAt: new Date(this.now()).toISOString(), acknowledged: null })
    // Keep the record small: acknowledged entries beyond the newest 200 go.
    const acked = this.doc.data.entries.filter((e) => e.acknowledged)
    if (acked.length > 200) {
      const drop = new Set(acked.slice(0, acked.length - 200))
      this.doc.data.entries = this.doc.data.entries.filter((e) => !drop.has(e))
    }
    this.doc.writeSoon()
    this.told(d, this.unacknowledged().length === 1)
  }

  unacknowledged(): DamageData['entries'] {
    return this.doc.data.entries.filter((e) => !e.acknowledged)
  }

  all(): DamageData['entries'] {
    return this.doc.data.entries
  }

  /** A manager has seen it: health is ok again (the files stay aside for a person to look at). */
  async acknowledge(by: string): Promise<number> {
    const open = this.unacknowledged()
    const at = new Date(this.now()).toISOString()
    for (const e of open) e.acknowledged = { by, at }
    if (open.length > 0) await this.doc.write()
    return open.length
  }

  summary() {
    const open = this.unacknowledged()
    return {
      unacknowledged: open.length,
      events: open.reduce((n, e) => n + e.events, 0),
      files: [...new Set(open.map((e) => e.file))],
    }
  }
}
