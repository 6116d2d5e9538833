import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DurableJsonFile, openStateDb } from '../../server/store/durable-file.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durable-file-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('DurableJsonFile', () => {
  it('reads null for a missing file and reads back what it wrote', async () => {
    const file = new DurableJsonFile<{ a: number; b: string[] }>(join(dir, 'state.json'))
    expect(await file.read()).toBeNull()
    await file.write({ a: 1, b: ['红色驿站'] })
    expect(await new DurableJsonFile(join(dir, 'state.json')).read()).toEqual({ a: 1, b: ['红色驿站'] })
  })

  it('creates the parent folder on the first write', async () => {
    const file = new DurableJsonFile<number>(join(dir, 'deep', 'er', 'state.json'))
    await file.write(7)
    expect(await file.read()).toBe(7)
  })

  it('coalesces concurrent writes: every call resolves, the newest data wins, fewer physical writes', async () => {
    const file = new DurableJsonFile<{ n: number }>(join(dir, 'state.json'))
    const calls = Array.from({ length: 50 }, (_, n) => file.write({ n }))
    await expect(Promise.all(calls)).resolves.toHaveLength(50)
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toEqual({ n: 49 })
    // The first call writes at once; the other 49 wait for it and share one more write.
    expect(file.stats.writes).toBe(2)
  })

  it('resolves a waiting caller only after a write that includes its data', async () => {
    const path = join(dir, 'state.json')
    const file = new DurableJsonFile<{ n: number }>(path)
    void file.write({ n: 1 })
    await file.write({ n: 2 })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ n: 2 })
  })

  it('ignores and removes a temp file left by a crash', async () => {
    const path = join(dir, 'state.json')
    await writeFile(path, JSON.stringify({ v: 'old' }))
    await writeFile(`${path}.99999.tmp`, '{"v":"half-writ')
    expect(await new DurableJsonFile(path).read()).toEqual({ v: 'old' })
    expect(await readdir(dir)).toEqual(['state.json'])
  })

  it('throws an error naming the file when the file is not valid JSON', async () => {
    const path = join(dir, 'state.json')
    await writeFile(path, '{"devices": {')
    await expect(new DurableJsonFile(path).read()).rejects.toThrow(path)
  })

  it('leaves no temp file behind after writing', async () => {
    await new DurableJsonFile(join(dir, 'state.json')).write({ ok: true })
    expect(await readdir(dir)).toEqual(['state.json'])
  })
})

describe('openStateDb', () => {
  it('starts from the defaults and keeps what was written', async () => {
    const path = join(dir, 'state.json')
    const db = await openStateDb(path, { count: 0 })
    expect(db.data).toEqual({ count: 0 })
    await db.update((d) => {
      d.count = 3
    })
    expect((await openStateDb(path, { count: 0 })).data).toEqual({ count: 3 })
  })

  it('refuses to open over a corrupt file instead of starting from the defaults', async () => {
    const path = join(dir, 'state.json')
    await writeFile(path, 'not json')
    await expect(openStateDb(path, { count: 0 })).rejects.toThrow(/state\.json/)
  })
})
