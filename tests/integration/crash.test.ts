import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStateDb } from '../../server/store/durable-file.js'
import { Journal } from '../../server/store/journal.js'
import type { CrashState } from '../support/crash-writer.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const writer = join(root, 'tests/support/crash-writer.ts')

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crash-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Runs the writer and SIGKILLs it after `killAfter` acks; resolves with every n it acknowledged. */
function runUntilKilled(run: number, killAfter: number): Promise<number[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(run)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acked: number[] = []
    let stderr = ''
    let partial = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)))
      if (acked.length >= killAfter) child.kill('SIGKILL')
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      // Acks still in the pipe when the kill landed were acknowledged too.
      if (partial.startsWith('ack ')) acked.push(Number(partial.slice(4)))
      if (signal === 'SIGKILL') resolvePromise(acked)
      else reject(new Error(`writer exited with ${code} before the kill:\n${stderr}`))
    })
  })
}

describe('the store across kill -9', () => {
  it('loads after every kill and holds every acknowledged write', { timeout: 60_000 }, async () => {
    for (let run = 1; run <= 15; run++) {
      const killAfter = 20 + Math.floor(Math.random() * 280)
      const acked = await runUntilKilled(run, killAfter)
      expect(acked.length).toBeGreaterThanOrEqual(killAfter)

      const journal = await Journal.open(join(dir, 'journal'), { segmentBytes: 16 * 1024 })
      const seen = new Set<number>()
      let lastSeq = 0
      for await (const entry of journal.read()) {
        expect(entry.seq).toBeGreaterThan(lastSeq)
        lastSeq = entry.seq
        seen.add((entry.data as { n: number }).n)
      }
      expect(journal.corruptLines).toBe(0)
      await journal.close()
      const missing = acked.filter((n) => !seen.has(n))
      expect(missing, `run ${run}: acked but not in the journal`).toEqual([])

      const db = await openStateDb<CrashState>(join(dir, 'state.json'), { max: 0 })
      expect(db.data.max, `run ${run}: state db behind the last ack`).toBeGreaterThanOrEqual(
        Math.max(...acked),
      )
    }
  })
})
