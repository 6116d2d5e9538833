import { Type } from 'typebox'

/** The documents tests/support/crash-writer.ts commits to. */
export interface CrashDoc {
  /** Every n whose commit was acknowledged is in `ns` (and more, whose ack the kill cut off). */
  ns: number[]
}

const doc = (file: string) => ({
  file,
  schema: Type.Object({ ns: Type.Array(Type.Integer()) }),
  initial: (): CrashDoc => ({ ns: [] }),
})

export const CRASH_DOCS = { notice: doc('crash-notices.json'), session: doc('crash-sessions.json') }
