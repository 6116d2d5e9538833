import { constants } from 'node:fs'
import { appendFile, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Journal, type JournalEntry } from '../../server/store/journal.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function readAll(journal: Journal, fromSeq?: number): Promise<JournalEntry[]> {
  const out: JournalEntry[] = []
  for await (const entry of journal.read(fromSeq)) out.push(entry)
  return out
}

const fixedClock = {
  now: () => Date.parse('2026-03-01T08:00:00.000Z'),
  setTimeout: () => 0,
  clearTimeout: () => {},
  setInterval: () => 0,
  clearInterval: () => {},
}

describe('Journal', () => {
  it('reads back appended entries in order, with seq and the clock time', async () => {
    const journal = await Journal.open(dir, { clock: fixedClock })
    const first = await journal.append('checkin', { courier: 'A' })
    await journal.append('stock', { item: 'bandage', count: 3 })
    expect(first).toEqual({
      seq: 1,
      ts: '2026-03-01T08:00:00.000Z',
      type: 'checkin',
      v: 1,
      data: { courier: 'A' },
    })
    const entries = await readAll(journal)
    expect(entries.map((e) => [e.seq, e.type])).toEqual([
      [1, 'checkin'],
      [2, 'stock'],
    ])
    expect((await readAll(journal, 2)).map((e) => e.seq)).toEqual([2])
    await journal.close()
  })

  it('writes one JSON object per line named after the first seq', async () => {
    const journal = await Journal.open(dir)
    await journal.append('x', { a: '驿站' })
    await journal.close()
    const text = await readFile(join(dir, '000000000001.jsonl'), 'utf8')
    expect(JSON.parse(text)).toMatchObject({
      seq: 1,
      type: 'x',
      data: { a: '驿站' },
      crc: expect.any(String),
    })
  })

  it('continues seq after a reopen', async () => {
    const a = await Journal.open(dir)
    for (let i = 0; i < 3; i++) await a.append('t', i)
    await a.close()
    const b = await Journal.open(dir)
    expect(b.lastSeq).toBe(3)
    expect((await b.append('t', 3)).seq).toBe(4)
    expect((await readAll(b)).map((e) => e.data)).toEqual([0, 1, 2, 3])
    await b.close()
  })

  it('starts a new segment past segmentBytes and reads across segments', async () => {
    const journal = await Journal.open(dir, { segmentBytes: 300 })
    for (let i = 1; i <= 20; i++) await journal.append('reading', { i, pad: 'x'.repeat(40) })
    const names = (await readdir(dir)).sort()
    expect(names.length).toBeGreaterThan(3)
    expect(names[0]).toBe('000000000001.jsonl')
    for (const name of names.slice(0, -1)) {
      // Passes segmentBytes by at most one entry: the check happens before each write.
      expect((await stat(join(dir, name))).size).toBeLessThan(300 + 150)
    }
    expect((await readAll(journal)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect((await readAll(journal, 15)).map((e) => e.seq)).toEqual([15, 16, 17, 18, 19, 20])
    await journal.close()
    const reopened = await Journal.open(dir, { segmentBytes: 300 })
    expect(reopened.lastSeq).toBe(20)
    await reopened.close()
  })

  it('cuts off a torn last line on open and continues from the last good entry', async () => {
    const a = await Journal.open(dir)
    await a.append('t', 1)
    await a.append('t', 2)
    await a.close()
    const path = join(dir, '000000000001.jsonl')
    const goodSize = (await stat(path)).size
    await appendFile(path, '{"seq":3,"ts":"2026-03-01T08:00:00.000Z","type":"t","da')
    const torn: number[] = []
    const damage: unknown[] = []
    const b = await Journal.open(dir, {
      onTornTail: (_f, bytes) => torn.push(bytes),
      onDamage: (d) => damage.push(d),
    })
    expect(b.lastSeq).toBe(2)
    expect((await stat(path)).size).toBe(goodSize)
    expect(torn).toEqual([55])
    expect(damage).toEqual([])
    expect((await b.append('t', 3)).seq).toBe(3)
    expect((await readAll(b)).map((e) => e.data)).toEqual([1, 2, 3])
    await b.close()
  })

  it('cuts off a complete last line whose check fails', async () => {
    const a = await Journal.open(dir)
    await a.append('t', 1)
    await a.close()
    await appendFile(
      join(dir, '000000000001.jsonl'),
      '{"seq":2,"ts":"x","type":"t","data":2,"crc":"00000000"}\n',
    )
    const b = await Journal.open(dir)
    expect(b.lastSeq).toBe(1)
    await b.close()
  })

  it('skips and reports a corrupt line in the middle of a segment', async () => {
    const a = await Journal.open(dir)
    for (let i = 1; i <= 3; i++) await a.append('t', i)
    await a.close()
    const path = join(dir, '000000000001.jsonl')
    const lines = (await readFile(path, 'utf8')).split('\n')
    lines[1] = (lines[1] as string).replace('"data":2', '"data":9') // a flipped byte: the CRC no longer matches
    await writeFile(path, lines.join('\n'))
    const keys = new Set<string>()
    const b = await Journal.open(dir, { onDamage: (d) => keys.add(d.key) })
    expect(keys.size).toBe(1)
    expect(b.lastSeq).toBe(3)
    expect((await readAll(b)).map((e) => e.data)).toEqual([1, 3])
    expect(keys.size).toBe(1) // the same damage, found again, has the same key
    await b.close()
  })

  it('removes a last segment holding only a torn first write and continues from the one before', async () => {
    const a = await Journal.open(dir)
    await a.append('t', 1)
    await a.close()
    await writeFile(join(dir, '000000000002.jsonl'), '{"seq":2,"ts')
    const b = await Journal.open(dir)
    expect(b.lastSeq).toBe(1)
    expect(await readdir(dir)).toEqual(['000000000001.jsonl'])
    await b.close()
  })

  it('commits 200 concurrent appends with distinct increasing seqs and far fewer fsyncs', async () => {
    const journal = await Journal.open(dir)
    const entries = await Promise.all(Array.from({ length: 200 }, (_, i) => journal.append('burst', { i })))
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    expect(journal.stats.appends).toBe(200)
    expect(journal.stats.fsyncs).toBeLessThan(200)
    expect(journal.stats.fsyncs).toBeGreaterThanOrEqual(1)
    expect((await readAll(journal)).map((e) => (e.data as { i: number }).i)).toEqual(
      Array.from({ length: 200 }, (_, i) => i),
    )
    await journal.close()
  })

  it('shares fsyncs between appends arriving while one is in flight', async () => {
    const journal = await Journal.open(dir)
    const first = journal.append('a', 0)
    await Promise.resolve()
    await Promise.resolve()
    const rest = Array.from({ length: 20 }, (_, i) => journal.append('b', i))
    await Promise.all([first, ...rest])
    expect(journal.stats.fsyncs).toBeLessThanOrEqual(2)
    await journal.close()
  })

  // An append is acknowledged only when its line is on the device: the segment is written with O_DSYNC (or
  // each write is followed by an fdatasync where there is none). Linux shows an open file's flags.
  it.runIf(process.platform === 'linux')(
    'writes every segment, new or reopened, with synchronized writes',
    async () => {
      const flagsOf = async (name: string) => {
        for (const fd of await readdir('/proc/self/fd')) {
          const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '')
          if (target !== join(dir, name)) continue
          const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8')
          return Number.parseInt(/^flags:\s+([0-7]+)/m.exec(info)?.[1] ?? '', 8)
        }
        throw new Error(`${name} is not open`)
      }
      const a = await Journal.open(dir, { segmentBytes: 100 })
      await a.append('t', 'x'.repeat(120))
      await a.append('t', 2) // the first segment is full: a new one is made
      expect(await readdir(dir)).toEqual(['000000000001.jsonl', '000000000002.jsonl'])
      expect((await flagsOf('000000000002.jsonl')) & constants.O_DSYNC).toBe(constants.O_DSYNC)
      await a.close()
      const b = await Journal.open(dir, { segmentBytes: 100 })
      expect((await flagsOf('000000000002.jsonl')) & constants.O_DSYNC).toBe(constants.O_DSYNC)
      await b.append('t', 3)
      await b.close()
      const c = await Journal.open(dir)
      expect((await readAll(c)).map((e) => e.data)).toEqual(['x'.repeat(120), 2, 3])
      await c.close()
    },
  )

  it('close waits for pending appends and refuses new ones', async () => {
    const journal = await Journal.open(dir)
    const pending = journal.append('t', 1)
    await journal.close()
    await expect(pending).resolves.toMatchObject({ seq: 1 })
    await expect(journal.append('t', 2)).rejects.toThrow(/closed/)
  })
})
