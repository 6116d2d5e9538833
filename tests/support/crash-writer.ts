/**
 * Child process for tests/integration/crash.test.ts: writes to the store as fast as it can until it is
 * killed, printing `ack <n>` the moment a write of n is acknowledged.
 *
 *   node --import tsx tests/support/crash-writer.ts <dir> <run>
 *
 * Several workers run at once so that group commit (journal) and coalescing (state db) are what gets
 * interrupted, not one write at a time. n = run * 1e6 + i keeps acks of successive runs apart.
 */
import { join } from 'node:path'
import { openStateDb } from '../../server/store/durable-file.js'
import { Journal } from '../../server/store/journal.js'

export interface CrashState {
  /** The largest n whose state write was started: at least every acked n once its write resolved. */
  max: number
}

const [dir, runArg] = process.argv.slice(2)
if (!dir || !runArg) throw new Error('usage: crash-writer.ts <dir> <run>')
const base = Number(runArg) * 1_000_000

// Small segments, so that kills also land around segment rollover.
const journal = await Journal.open(join(dir, 'journal'), { segmentBytes: 16 * 1024 })
const db = await openStateDb<CrashState>(join(dir, 'state.json'), { max: 0 })

let next = 0
async function worker(): Promise<never> {
  for (;;) {
    const n = base + next++
    const stateWrite = db.update((d) => {
      d.max = Math.max(d.max, n)
    })
    await Promise.all([journal.append('tick', { n }), stateWrite])
    // Writes to a pipe are synchronous on Linux, so the ack is in the pipe before the next instruction.
    process.stdout.write(`ack ${n}\n`)
  }
}

process.stdout.write('ready\n')
await Promise.all([worker(), worker(), worker(), worker()])
