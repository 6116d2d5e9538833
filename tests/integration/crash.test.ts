import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CRASH_DOCS, type CrashDoc } from '../support/crash-docs.js'
import { openTestStore } from '../support/store.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const writer = join(root, 'tests/support/crash-writer.ts')

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crash-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

type Acks = { checkin: number[]; notice: number[]; session: number[] }

/** Runs the writer and SIGKILLs it after `killAfter` acks; resolves with every n it acknowledged, by kind. */
function runUntilKilled(run: number, killAfter: number): Promise<Acks> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(run)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acked: Acks = { checkin: [], notice: [], session: [] }
    let count = 0
    let stderr = ''
    let partial = ''
    const take = (line: string) => {
      const [word, kind, n] = line.split(' ')
      if (word !== 'ack' || !kind || !n) return
      acked[kind as keyof Acks].push(Number(n))
      count++
    }
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) take(line)
      if (count >= killAfter) child.kill('SIGKILL')
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      // Acks still in the pipe when the kill landed were acknowledged too (a complete line only).
      if (/^ack \w+ \d+$/.test(partial)) take(partial)
      if (signal === 'SIGKILL') resolvePromise(acked)
      else reject(new Error(`writer exited with ${code} before the kill:\n${stderr}`))
    })
  })
}

describe('the store across kill -9', () => {
  it('loads after every kill and holds every acknowledged commit of every kind', {
    timeout: 60_000,
  }, async () => {
    for (let run = 1; run <= 10; run++) {
      const killAfter = 20 + Math.floor(Math.random() * 280)
      const acked = await runUntilKilled(run, killAfter)

      const store = await openTestStore(dir, { journalSegmentBytes: 16 * 1024 })
      const seen = new Set<string>()
      let lastSeq = 0
      for await (const entry of store.read()) {
        expect(entry.seq).toBeGreaterThan(lastSeq)
        lastSeq = entry.seq
        const d = entry.data as { visitId?: string; id?: string }
        seen.add(d.visitId ?? d.id ?? '')
      }
      expect(store.damage.unacknowledged(), `run ${run}: damage after a kill`).toEqual([])
      const notices = await store.document<CrashDoc>(CRASH_DOCS.notice)
      const sessions = await store.document<CrashDoc>(CRASH_DOCS.session)
      await store.close()
      expect(
        acked.checkin.filter((n) => !seen.has(`v${n}`)),
        `run ${run}: acked check-ins lost`,
      ).toEqual([])
      expect(
        acked.notice.filter((n) => !seen.has(`n${n}`)),
        `run ${run}: acked notice events lost`,
      ).toEqual([])
      const inNotices = new Set(notices.data.ns)
      expect(
        acked.notice.filter((n) => !inNotices.has(n)),
        `run ${run}: acked notice documents lost`,
      ).toEqual([])
      const inSessions = new Set(sessions.data.ns)
      expect(
        acked.session.filter((n) => !inSessions.has(n)),
        `run ${run}: acked sessions lost`,
      ).toEqual([])
    }
  })
})
