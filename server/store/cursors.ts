import { Type } from 'typebox'
import type { Doc } from './document.js'

export const CursorsSchema = Type.Object({
  version: Type.Literal(1),
  cursors: Type.Record(Type.String(), Type.Object({ seq: Type.Integer({ minimum: 0 }), at: Type.String() })),
})

export interface CursorsData {
  version: 1
  cursors: Record<string, { seq: number; at: string }>
}

/** A consumer's durable place in the journal: every event up to `seq` is done with. */
export class Cursor {
  constructor(
    readonly name: string,
    private readonly doc: Doc<CursorsData>,
    private readonly now: () => number,
    startAt: number,
  ) {
    if (!this.doc.data.cursors[name]) {
      this.doc.data.cursors[name] = { seq: startAt, at: new Date(now()).toISOString() }
      this.doc.writeSoon()
    }
  }

  get seq(): number {
    return this.doc.data.cursors[this.name]?.seq ?? 0
  }

  /**
   * Moves forward (never back) and resolves once the new place is durable. If the write fails, the new
   * place stays in memory, the file is written again in the background until it takes, and the failure is
   * thrown to the caller.
   */
  async advance(seq: number): Promise<void> {
    if (seq <= this.seq) return
    this.doc.data.cursors[this.name] = { seq, at: new Date(this.now()).toISOString() }
    try {
      await this.doc.write()
    } catch (err) {
      this.doc.writeSoon()
      throw err
    }
  }
}

/** The journal consumers and their places, in `cursors.json`. */
export class Cursors {
  readonly #open = new Map<string, Cursor>()

  constructor(
    private readonly doc: Doc<CursorsData>,
    private readonly now: () => number,
  ) {}

  /** `startAt`: where a cursor never seen before begins (0: the whole journal kept). */
  get(name: string, startAt = 0): Cursor {
    let c = this.#open.get(name)
    if (!c) {
      c = new Cursor(name, this.doc, this.now, startAt)
      this.#open.set(name, c)
    }
    return c
  }

  /** The lowest place of the cursors in use (every event after it is still needed); null if none. */
  lowest(): number | null {
    if (this.#open.size === 0) return null
    return Math.min(...[...this.#open.values()].map((c) => c.seq))
  }

  all(): Record<string, { seq: number; at: string }> {
    return this.doc.data.cursors
  }
}
