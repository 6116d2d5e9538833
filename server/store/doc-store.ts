import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../clock.js'
import type { Tx } from './commit.js'
import { Doc, type DocSpec } from './document.js'
import { asStorageError } from './errors.js'
import type { FILES } from './files.js'
import type { StoreLog } from './store.js'

/**
 * The store's documents and commit rule without a journal: for a program that keeps only accounts and
 * sessions in its folder (the central service), so server/auth works there as on a station. A commit may
 * write documents and undo; it may not append events.
 */
export interface DocStore {
  document<T>(spec: DocSpec<T>): Promise<Doc<T>>
  commit<R>(decide: (tx: Tx) => R): Promise<R>
  pathOf(file: (typeof FILES)['users']): string
  close(): Promise<void>
}

export async function openDocStore(dataDir: string, clock: Clock, log: StoreLog): Promise<DocStore> {
  await mkdir(dataDir, { recursive: true })
  const docs: Doc<unknown>[] = []
  const hooks = {
    clock,
    onError: (err: unknown, file: string) => log.error({ err, file }, 'writing a file failed; retrying'),
    onWritten: () => {},
  }
  return {
    async document<T>(spec: DocSpec<T>) {
      const d = await Doc.open(dataDir, spec, hooks)
      docs.push(d as Doc<unknown>)
      return d
    },
    async commit<R>(decide: (tx: Tx) => R): Promise<R> {
      const written = new Set<Doc<unknown>>()
      const undos: (() => void)[] = []
      const tx: Tx = {
        append: () => {
          throw new Error('this store keeps no journal')
        },
        write: (doc) => void written.add(doc),
        undo: (fn) => void undos.push(fn),
      }
      const undo = () => {
        for (const u of undos.reverse()) u()
      }
      let result: R
      try {
        result = decide(tx)
      } catch (err) {
        undo()
        throw err
      }
      const settled = await Promise.allSettled([...written].map((d) => d.write()))
      const failed = settled.find((s) => s.status === 'rejected')
      if (failed) {
        undo()
        for (const d of written) d.writeSoon(30_000)
        throw asStorageError(failed.reason)
      }
      return result
    },
    pathOf: (file) => join(dataDir, file),
    async close() {
      for (const d of docs) await d.close().catch((err) => log.error({ err }, 'closing a file failed'))
    },
  }
}
