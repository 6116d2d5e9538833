import type { Tx } from '../../server/store/commit.js'

/**
 * The store's commit rule without a disk, for unit tests of a feature's decisions: `decide` runs at once,
 * the commit settles a tick later; when `fail` is set it is refused and its undos run, newest first.
 * The store's own behaviour on a real failing disk is tested in tests/integration/store-*.test.ts.
 */
export function fakeCommit() {
  const appended: { type: string; data: unknown }[] = []
  const state = {
    fail: false,
    appended,
    commit<R>(decide: (tx: Tx) => R): Promise<R> {
      const events: { type: string; data: unknown }[] = []
      const undos: (() => void)[] = []
      const tx = {
        append: (type: string, data: unknown) => events.push({ type, data }),
        write: () => {},
        undo: (fn: () => void) => undos.push(fn),
      } as unknown as Tx
      let result: R
      try {
        result = decide(tx)
      } catch (err) {
        for (const u of undos.reverse()) u()
        return Promise.reject(err)
      }
      return Promise.resolve().then(() => {
        if (state.fail) {
          for (const u of undos.reverse()) u()
          throw Object.assign(new Error('disk full'), { code: 'ENOSPC' })
        }
        appended.push(...events)
        return result
      })
    },
  }
  return state
}
