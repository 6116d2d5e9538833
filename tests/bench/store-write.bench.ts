/**
 * Cost of one durable write, with an empty store and with a year of history (~100,000 records).
 *
 *   npx tsx tests/bench/store-write.bench.ts        (BENCH_DIR=/path/on/the/sd/card to measure that disk)
 *
 * The promise under test: one write must not cost more as history grows. The two stores are measured
 * in alternation in the same run, so a busy disk or CPU slows both alike and the ratio stays honest.
 * The naive lowdb case (rewrite the whole file, fsync) is there to show why the journal exists. SQLite
 * (better-sqlite3, WAL, synchronous=FULL; tests/bench/sqlite-peer.ts) is the trusted peer: the same durable
 * appends, and the same year of data (tests/bench/year-of-data.ts) read back whole, as a start without a
 * snapshot does, side by side with the journal.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStateDb } from '../../server/store/durable-file.js'
import { Journal } from '../../server/store/journal.js'
import { loadSqlite, openDurable, type SqliteDb } from './sqlite-peer.js'
import { writeYear } from './year-of-data.js'

const YEAR_RECORDS = 100_000
const JOURNAL_SAMPLES = 500
const LOWDB_SAMPLES = 30
const FILL_BATCH = 2_000

interface Metric {
  metric: string
  value: number
  unit: string
  note: string
}

const reading = (i: number) => ({
  deviceId: 'fridge-temp',
  reading: { at: new Date(1_767_225_600_000 + i * 315_000).toISOString(), temperature: 4 + (i % 30) / 10 },
})

/** Nearest-rank percentile. */
function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/** Samples `a` and `b` in alternation, swapping which goes first each round. */
async function alternate(rounds: number, a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const out = { a: [] as number[], b: [] as number[] }
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.a.push(await timed(a))
      out.b.push(await timed(b))
    } else {
      out.b.push(await timed(b))
      out.a.push(await timed(a))
    }
  }
  return out
}

const round = (n: number) => Math.round(n * 1000) / 1000

async function benchJournal(root: string): Promise<Metric[]> {
  const empty = await Journal.open(join(root, 'journal-empty'))
  const year = await Journal.open(join(root, 'journal-year'))
  const fillStart = performance.now()
  for (let i = 0; i < YEAR_RECORDS; i += FILL_BATCH) {
    const batch = Array.from({ length: Math.min(FILL_BATCH, YEAR_RECORDS - i) }, (_, k) => reading(i + k))
    await Promise.all(batch.map((r) => year.append('device.reading', r)))
  }
  const fillMs = performance.now() - fillStart
  console.log(`journal: filled ${YEAR_RECORDS} records in ${(fillMs / 1000).toFixed(1)} s`)
  for (let i = 0; i < 20; i++) await Promise.all([empty.append('warmup', i), year.append('warmup', i)])

  let i = 0
  const s = await alternate(
    JOURNAL_SAMPLES,
    () => empty.append('device.reading', reading(i++)),
    () => year.append('device.reading', reading(i++)),
  )
  await empty.close()
  await year.close()
  const [p50e, p99e, p50y, p99y] = [
    percentile(s.a, 0.5),
    percentile(s.a, 0.99),
    percentile(s.b, 0.5),
    percentile(s.b, 0.99),
  ]
  const ratio = p50y / p50e
  console.log(
    `journal append, empty store:    p50 ${p50e.toFixed(3)} ms  p99 ${p99e.toFixed(3)} ms  (n=${s.a.length})`,
  )
  console.log(
    `journal append, ${YEAR_RECORDS} records: p50 ${p50y.toFixed(3)} ms  p99 ${p99y.toFixed(3)} ms  (n=${s.b.length})`,
  )
  console.log(
    `journal p50 ratio year/empty: ${ratio.toFixed(2)}x (goal <= 1.2x) ${ratio <= 1.2 ? 'OK' : 'OVER'}`,
  )
  const note = `sequential awaited appends incl. fsync, ${JOURNAL_SAMPLES} samples`
  return [
    { metric: 'journal_append_p50_empty', value: round(p50e), unit: 'ms', note },
    { metric: 'journal_append_p99_empty', value: round(p99e), unit: 'ms', note },
    {
      metric: 'journal_append_p50_year',
      value: round(p50y),
      unit: 'ms',
      note: `${note}, ${YEAR_RECORDS} records before`,
    },
    {
      metric: 'journal_append_p99_year',
      value: round(p99y),
      unit: 'ms',
      note: `${note}, ${YEAR_RECORDS} records before`,
    },
    {
      metric: 'journal_append_p50_ratio',
      value: round(ratio),
      unit: 'ratio',
      note: 'year/empty p50, goal <= 1.2',
    },
  ]
}

async function benchLowdb(root: string): Promise<Metric[]> {
  type Data = { records: ReturnType<typeof reading>[] }
  const empty = await openStateDb<Data>(join(root, 'lowdb-empty.json'), { records: [] })
  const year = await openStateDb<Data>(join(root, 'lowdb-year.json'), { records: [] })
  year.data.records = Array.from({ length: YEAR_RECORDS }, (_, i) => reading(i))
  await year.write()
  await empty.write()

  let i = 0
  const add = (db: typeof empty) => () => {
    db.data.records.push(reading(i++))
    return db.write()
  }
  const s = await alternate(LOWDB_SAMPLES, add(empty), add(year))
  const [p50e, p50y, p99y] = [percentile(s.a, 0.5), percentile(s.b, 0.5), percentile(s.b, 0.99)]
  const ratio = p50y / p50e
  console.log(`naive lowdb write, empty:        p50 ${p50e.toFixed(3)} ms  (n=${s.a.length})`)
  console.log(
    `naive lowdb write, ${YEAR_RECORDS} records: p50 ${p50y.toFixed(3)} ms  p99 ${p99y.toFixed(3)} ms`,
  )
  console.log(`naive lowdb p50 ratio year/empty: ${ratio.toFixed(1)}x (why the journal exists)`)
  const note = `whole-file rewrite + fsync per record, ${LOWDB_SAMPLES} samples`
  return [
    { metric: 'lowdb_write_p50_empty', value: round(p50e), unit: 'ms', note },
    {
      metric: 'lowdb_write_p50_year',
      value: round(p50y),
      unit: 'ms',
      note: `${note}, ${YEAR_RECORDS} records`,
    },
    { metric: 'lowdb_write_p50_ratio', value: round(ratio), unit: 'ratio', note: 'year/empty p50' },
  ]
}

const SQLITE_SAMPLES = 500
const READ_ROUNDS = 3

/** The same durable appends as the journal's, one committed row each (autocommit, fsynced by FULL). */
async function sqliteAppends(root: string, db: { empty: SqliteDb; year: SqliteDb }, journalP50: number) {
  const fill = db.year.transaction((from: number, to: number) => {
    const insert = db.year.prepare('INSERT INTO events (type, data) VALUES (?, ?)')
    for (let k = from; k < to; k++) insert.run('device.reading', JSON.stringify(reading(k)))
  })
  for (let i = 0; i < YEAR_RECORDS; i += FILL_BATCH) fill(i, Math.min(YEAR_RECORDS, i + FILL_BATCH))
  const put = (d: SqliteDb) => {
    const insert = d.prepare('INSERT INTO events (type, data) VALUES (?, ?)')
    return async () => insert.run('device.reading', JSON.stringify(reading(i++)))
  }
  let i = 0
  const s = await alternate(SQLITE_SAMPLES, put(db.empty), put(db.year))
  const [p50e, p99e, p50y, p99y] = [
    percentile(s.a, 0.5),
    percentile(s.a, 0.99),
    percentile(s.b, 0.5),
    percentile(s.b, 0.99),
  ]
  console.log(`sqlite insert, empty:            p50 ${p50e.toFixed(3)} ms  p99 ${p99e.toFixed(3)} ms`)
  console.log(`sqlite insert, ${YEAR_RECORDS} records: p50 ${p50y.toFixed(3)} ms  p99 ${p99y.toFixed(3)} ms`)
  console.log(
    `journal p50 / sqlite p50 (year): ${(journalP50 / p50y).toFixed(2)}x (below 1: the journal is faster)`,
  )
  const note = `WAL, synchronous=FULL, one committed row per append, ${SQLITE_SAMPLES} samples (${root})`
  return [
    { metric: 'sqlite_insert_p50_empty', value: round(p50e), unit: 'ms', note },
    { metric: 'sqlite_insert_p99_empty', value: round(p99e), unit: 'ms', note },
    {
      metric: 'sqlite_insert_p50_year',
      value: round(p50y),
      unit: 'ms',
      note: `${note}, ${YEAR_RECORDS} rows before`,
    },
    {
      metric: 'sqlite_insert_p99_year',
      value: round(p99y),
      unit: 'ms',
      note: `${note}, ${YEAR_RECORDS} rows before`,
    },
    {
      metric: 'journal_vs_sqlite_append_p50',
      value: round(journalP50 / p50y),
      unit: 'ratio',
      note: 'journal p50 / SQLite p50, both with a year before; below 1: the journal is faster',
    },
  ]
}

/** A year of the station's events read back whole (a start without a snapshot), journal against SQLite. */
async function yearRead(root: string, open: NonNullable<ReturnType<typeof loadSqlite>>): Promise<Metric[]> {
  const dataDir = join(root, 'year')
  const events = await writeYear(dataDir)
  const db = openDurable(open, join(root, 'year.sqlite'))
  const journal = await Journal.open(join(dataDir, 'journal'))
  const rows: [string, string][] = []
  const flush = db.transaction((batch: [string, string][]) => {
    const insert = db.prepare('INSERT INTO events (type, data) VALUES (?, ?)')
    for (const [type, data] of batch) insert.run(type, data)
  })
  for await (const e of journal.read()) {
    rows.push([e.type, JSON.stringify(e.data)])
    if (rows.length === 5_000) flush(rows.splice(0))
  }
  flush(rows.splice(0))
  await journal.close()
  db.close()
  let seen = 0
  const s = await alternate(
    READ_ROUNDS,
    async () => {
      const j = await Journal.open(join(dataDir, 'journal'))
      for await (const e of j.read()) if (e.seq > 0) seen++
      await j.close()
    },
    async () => {
      const d = openDurable(open, join(root, 'year.sqlite'))
      for (const row of d.prepare('SELECT seq, type, data FROM events ORDER BY seq').raw().iterate())
        if (JSON.parse((row as [number, string, string])[2])) seen++
      d.close()
    },
  )
  const [j, q] = [percentile(s.a, 0.5), percentile(s.b, 0.5)]
  console.log(
    `a year read whole (${events} events): journal ${j.toFixed(0)} ms, sqlite ${q.toFixed(0)} ms (${seen} read)`,
  )
  const note = `${events} events of tests/bench/year-of-data.ts, median of ${READ_ROUNDS}, in alternation`
  return [
    { metric: 'year_read_journal', value: Math.round(j), unit: 'ms', note },
    { metric: 'year_read_sqlite', value: Math.round(q), unit: 'ms', note },
    {
      metric: 'year_read_journal_vs_sqlite',
      value: round(j / q),
      unit: 'ratio',
      note: 'below 1: the journal is faster',
    },
  ]
}

async function benchSqlite(root: string, journalP50: number): Promise<Metric[]> {
  const open = loadSqlite()
  if (!open) return []
  const db = {
    empty: openDurable(open, join(root, 'empty.sqlite')),
    year: openDurable(open, join(root, 'y.sqlite')),
  }
  try {
    return [...(await sqliteAppends(root, db, journalP50)), ...(await yearRead(root, open))]
  } finally {
    db.empty.close()
    db.year.close()
  }
}

const root = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'bench-store-write-'))
try {
  console.log(`store-write bench in ${root}`)
  const journal = await benchJournal(root)
  const journalP50 = journal.find((m) => m.metric === 'journal_append_p50_year')?.value ?? Number.NaN
  const metrics = [...journal, ...(await benchLowdb(root)), ...(await benchSqlite(root, journalP50))]
  for (const m of metrics) console.log(`BENCH ${JSON.stringify({ bench: 'store-write', ...m })}`)
} finally {
  await rm(root, { recursive: true, force: true })
}
