import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { History, type HistoryOptions } from '../../server/store/history.js'
import { StationTime } from '../../server/time/station-time.js'

const DAY = 86_400_000
const at = (iso: string) => Date.parse(iso)

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'history-'))
})
afterEach(async () => {
  vi.useRealTimers()
  await rm(dir, { recursive: true, force: true })
})

// Day files are station days; these tests keep a station on UTC so the days read plainly.
const options = (over: Partial<HistoryOptions> = {}): HistoryOptions => ({
  clock: systemClock,
  time: new StationTime('UTC'),
  retentionDays: 30,
  downsampleAfterDays: 7,
  bucketSec: 300,
  ...over,
})

describe('History', () => {
  it('answers a range across UTC days, sorted, including points not yet flushed', async () => {
    const h = await History.open(dir, options())
    h.append('fridge-temp', at('2026-03-02T00:00:10Z'), 5)
    h.append('fridge-temp', at('2026-03-01T23:59:50Z'), 4)
    h.append('fridge-temp', at('2026-03-03T12:00:00Z'), 6)
    h.append('other', at('2026-03-02T00:00:00Z'), 99)
    await h.flush()
    h.append('fridge-temp', at('2026-03-02T06:00:00Z'), 4.5) // still buffered
    const points = await h.query('fridge-temp', at('2026-03-01T00:00:00Z'), at('2026-03-02T23:59:59Z'))
    expect(points).toEqual([
      { t: at('2026-03-01T23:59:50Z'), v: 4 },
      { t: at('2026-03-02T00:00:10Z'), v: 5 },
      { t: at('2026-03-02T06:00:00Z'), v: 4.5 },
    ])
    expect((await readdir(join(dir, 'fridge-temp'))).sort()).toEqual([
      '2026-03-01.jsonl',
      '2026-03-02.jsonl',
      '2026-03-03.jsonl',
    ])
    expect(await h.query('nobody', 0, Date.now())).toEqual([])
    await h.close()
  })

  it('skips a torn last line and keeps the next point apart from it', async () => {
    const h = await History.open(dir, options())
    h.append('d1', at('2026-03-01T01:00:00Z'), 1)
    await h.close()
    await appendFile(join(dir, 'd1', '2026-03-01.jsonl'), '{"t":17724')
    const again = await History.open(dir, options())
    expect(await again.query('d1', at('2026-03-01T00:00:00Z'), at('2026-03-02T00:00:00Z'))).toEqual([
      { t: at('2026-03-01T01:00:00Z'), v: 1 },
    ])
    again.append('d1', at('2026-03-01T02:00:00Z'), 2)
    await again.flush()
    expect((await again.query('d1', 0, at('2026-03-02T00:00:00Z'))).map((p) => p.v)).toEqual([1, 2])
    await again.close()
  })

  it('rejects a device id that could leave the history folder', async () => {
    const h = await History.open(dir, options())
    expect(() => h.append('../etc', 0, 1)).toThrow(/device id/)
    expect(() => h.append('a/b', 0, 1)).toThrow(/device id/)
    await expect(h.query('..', 0, 1)).rejects.toThrow(/device id/)
    await h.close()
  })

  it('flushes buffered points every flushMs', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(at('2026-03-01T12:00:00Z'))
    const h = await History.open(dir, options({ flushMs: 1000 }))
    h.append('d1', Date.now(), 3)
    await vi.advanceTimersByTimeAsync(999)
    expect(await readdir(dir)).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await vi.waitFor(async () => {
      expect(await readFile(join(dir, 'd1', '2026-03-01.jsonl'), 'utf8')).toBe(
        `${JSON.stringify({ t: at('2026-03-01T12:00:00Z'), v: 3 })}\n`,
      )
    })
    await h.close()
  })

  it('downsamples old days into buckets and deletes days past retention, idempotently', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(at('2026-01-01T00:00:00Z'))
    const h = await History.open(dir, options({ retentionDays: 30, downsampleAfterDays: 7, bucketSec: 300 }))
    const day = (d: number) => at('2026-01-01T00:00:00Z') + d * DAY
    // Day 0: three points in the first 5-minute bucket, one in the next.
    h.append('d1', day(0) + 10_000, 1)
    h.append('d1', day(0) + 20_000, 2)
    h.append('d1', day(0) + 30_000, 6)
    h.append('d1', day(0) + 300_000, 10)
    h.append('d1', day(20) + 1000, 20)
    h.append('d1', day(35) + 1000, 35)
    await h.flush()

    vi.setSystemTime(day(36))
    expect(await h.maintain()).toEqual({ downsampled: 1, deleted: 1 })
    expect((await readdir(join(dir, 'd1'))).sort()).toEqual(['2026-01-21.ds.jsonl', '2026-02-05.jsonl'])
    expect(await h.query('d1', day(20), day(21))).toEqual([{ t: day(20), v: 20, min: 20, max: 20, n: 1 }])
    expect(await h.maintain()).toEqual({ downsampled: 0, deleted: 0 })
    expect(await h.query('d1', day(0), day(1))).toEqual([])
    await h.close()
  })

  it('averages a bucket with its min, max and count', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = at('2026-02-01T00:00:00Z')
    vi.setSystemTime(start)
    const h = await History.open(dir, options())
    for (const [s, v] of [
      [10, 1],
      [20, 2],
      [30, 6],
      [300, 10],
    ] as const)
      h.append('d1', start + s * 1000, v)
    await h.flush()
    vi.setSystemTime(start + 8 * DAY)
    expect(await h.maintain()).toEqual({ downsampled: 1, deleted: 0 })
    expect(await h.query('d1', start, start + DAY)).toEqual([
      { t: start, v: 3, min: 1, max: 6, n: 3 },
      { t: start + 300_000, v: 10, min: 10, max: 10, n: 1 },
    ])
    // A late point for a downsampled day joins its .ds file and is not aggregated twice.
    h.append('d1', start + 600_000, 7)
    await h.flush()
    expect(await h.maintain()).toEqual({ downsampled: 0, deleted: 0 })
    expect((await h.query('d1', start, start + DAY)).map((p) => p.v)).toEqual([3, 10, 7])
    expect(await readdir(join(dir, 'd1'))).toEqual(['2026-02-01.ds.jsonl'])
    await h.close()
  })

  it('finishes a downsample interrupted between writing the .ds file and deleting the raw one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(at('2026-02-20T00:00:00Z'))
    await mkdir(join(dir, 'd1'))
    await writeFile(join(dir, 'd1', '2026-02-01.jsonl'), '{"t":1769904000000,"v":1}\n')
    await writeFile(
      join(dir, 'd1', '2026-02-01.ds.jsonl'),
      '{"t":1769904000000,"v":1,"min":1,"max":1,"n":1}\n',
    )
    await writeFile(join(dir, 'd1', '2026-02-01.ds.jsonl.tmp'), '{"t":17699')
    const h = await History.open(dir, options())
    expect(await h.query('d1', 0, Date.now())).toEqual([{ t: 1769904000000, v: 1, min: 1, max: 1, n: 1 }])
    expect(await h.maintain()).toEqual({ downsampled: 0, deleted: 0 })
    expect(await readdir(join(dir, 'd1'))).toEqual(['2026-02-01.ds.jsonl'])
    await h.close()
  })
})

describe('History under a chatty or flooding sensor (issue #9, point 5)', () => {
  it('answers a day of 150,000 stored points (more arguments than the stack holds)', async () => {
    // As a release that kept every reading could leave it: one line per reading, every 0.5 s.
    await mkdir(join(dir, 'chatty'), { recursive: true })
    const start = at('2026-03-01T00:00:00Z')
    const lines = Array.from({ length: 150_000 }, (_, i) => `{"t":${start + i * 500},"v":${i % 7}}\n`)
    await writeFile(join(dir, 'chatty', '2026-03-01.jsonl'), lines.join(''))
    const h = await History.open(dir, options())
    const points = await h.query('chatty', start, start + DAY)
    expect(points).toHaveLength(150_000)
    expect(points[0]).toEqual({ t: start, v: 0 })
    await h.close()
  })

  it('stores at most one point a second per device, keeping the second’s last value, min and max', async () => {
    const h = await History.open(dir, options())
    const start = at('2026-03-01T08:00:00Z')
    // A 5-second flood: 200 readings a second.
    for (let i = 0; i < 1000; i++) h.append('flood', start + i * 5, (i % 200) / 10)
    await h.flush()
    const points = await h.query('flood', start, start + 10_000)
    expect(points).toHaveLength(5)
    expect(points[0]).toEqual({ t: start + 995, v: 19.9, min: 0, max: 19.9, n: 200 })
    const text = await readFile(join(dir, 'flood', '2026-03-01.jsonl'), 'utf8')
    expect(text.trim().split('\n')).toHaveLength(5)
    // A reading a second apart is kept as it is.
    h.append('calm', start, 4.2)
    h.append('calm', start + 1000, 4.3)
    expect(await h.query('calm', start, start + 2000)).toEqual([
      { t: start, v: 4.2 },
      { t: start + 1000, v: 4.3 },
    ])
    await h.close()
  })

  it('names day files by the station’s day, and finds points across a change of zone', async () => {
    const shanghai = await History.open(dir, options({ time: new StationTime('Asia/Shanghai') }))
    // 20:00 UTC on 1 March is 04:00 on 2 March in China.
    shanghai.append('fridge', at('2026-03-01T20:00:00Z'), 3)
    await shanghai.close()
    expect(await readdir(join(dir, 'fridge'))).toEqual(['2026-03-02.jsonl'])
    const utc = await History.open(dir, options())
    expect(await utc.query('fridge', at('2026-03-01T00:00:00Z'), at('2026-03-01T23:59:59Z'))).toEqual([
      { t: at('2026-03-01T20:00:00Z'), v: 3 },
    ])
    await utc.close()
  })
})
