/**
 * Start time of a station with a year of data against a station with none (issue 8: at most 2×).
 *
 *   npx tsx tests/bench/start.bench.ts     (BENCH_START_ROUNDS=5 starts of each)
 *
 * Both are the built hub (`node dist/server/main.js --config …`, as a station runs it), started in turns
 * (empty, year, year, empty, …) so a busy machine slows both alike, and timed from the spawn to the first
 * 200 from /api/health. The year (tests/bench/year-of-data.ts: 100,000 check-ins, 2,000 sign-ups, 500,000
 * other events) is written through the store; the hub is then started and stopped once, as a station
 * does every day, which leaves the snapshot a start reads. That first start, which replays the whole
 * journal (an upgrade from a release without snapshots), is timed too.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildServer, type Metric, median, printBench, repoRoot, round, sleep } from './lib.js'
import { writeYear, YEAR } from './year-of-data.js'

const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 5)
const GOAL = '<= 2'

interface Started {
  child: ChildProcess
  ms: number
  port: number
}

async function station(root: string, name: string): Promise<string> {
  const dataDir = join(root, name)
  const file = join(root, `${name}.json`)
  await writeFile(
    file,
    JSON.stringify({
      station: { id: 'bench', name: '基准驿站' },
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { embedded: { host: '127.0.0.1', port: 0, allowAnonymous: true } },
      store: { dataDir },
      kiosk: {
        platforms: ['meituan', 'eleme', 'sf', 'jd', 'shansong', 'dada', 'other'].map((id) => ({
          id,
          zh: id,
          en: id,
        })),
        purposes: ['rest', 'meal', 'water', 'charge', 'medicine', 'restroom'].map((id) => ({
          id,
          zh: id,
          en: id,
        })),
      },
    }),
  )
  return file
}

/** Starts the built hub on `config` and waits for its first 200 from /api/health. */
async function start(config: string): Promise<Started> {
  const t0 = performance.now()
  const child = spawn(process.execPath, ['dist/server/main.js', '--config', config], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  })
  let err = ''
  child.stderr?.on('data', (c) => {
    err += c
  })
  // The hub picks its own free ports (0): ask each port the child listens on.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the hub exited: ${err}`)
    const ports = await listening(child.pid as number)
    for (const p of ports) {
      const ok = await fetch(`http://127.0.0.1:${p}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      )
      if (ok) return { child, ms: performance.now() - t0, port: p }
    }
    await sleep(5)
  }
}

/** TCP ports a process listens on (Linux: /proc/net/tcp and the process's socket inodes). */
async function listening(pid: number): Promise<number[]> {
  const { readdir, readlink, readFile } = await import('node:fs/promises')
  const inodes = new Set<string>()
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const l = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')
    const m = /^socket:\[(\d+)\]$/.exec(l)
    if (m) inodes.add(m[1] as string)
  }
  const out: number[] = []
  const table = await readFile('/proc/net/tcp', 'utf8').catch(() => '')
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/)
    if (f[3] === '0A' && inodes.has(f[9] as string))
      out.push(Number.parseInt((f[1] as string).split(':')[1] as string, 16))
  }
  return out
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r))
  s.child.kill('SIGTERM')
  await Promise.race([exited, sleep(15_000)])
  if (s.child.exitCode === null) s.child.kill('SIGKILL')
}

const root = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'bench-start-'))
try {
  await buildServer()
  const empty = await station(root, 'empty')
  const year = await station(root, 'year')
  const t = performance.now()
  const n = await writeYear(join(root, 'year'))
  console.log(`start: wrote a year of ${n} events in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  const first = await start(year)
  console.log(
    `start: first start on the year, no snapshot (the whole journal replayed): ${first.ms.toFixed(0)} ms`,
  )
  await stop(first)
  const e0 = await start(empty)
  await stop(e0) // the empty station's folder made once, as the year's was

  const times = { empty: [] as number[], year: [] as number[] }
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? (['empty', 'year'] as const) : (['year', 'empty'] as const)
    for (const which of order) {
      const s = await start(which === 'empty' ? empty : year)
      times[which].push(s.ms)
      console.log(`start: ${which} ${s.ms.toFixed(0)} ms`)
      await stop(s)
    }
  }
  const me = median(times.empty)
  const my = median(times.year)
  const ratio = my / me
  console.log(
    `start: median empty ${me.toFixed(0)} ms, year ${my.toFixed(0)} ms, ratio ${ratio.toFixed(2)} (goal ${GOAL})`,
  )
  const note = `built hub, spawn → first 200 from /api/health, median of ${ROUNDS} starts each, alternated`
  const metrics: Metric[] = [
    { metric: 'start_empty_ms', value: round(me, 0), unit: 'ms', note },
    {
      metric: 'start_year_ms',
      value: round(my, 0),
      unit: 'ms',
      note: `${note}; ${YEAR.checkins} check-ins, ${YEAR.signups} sign-ups, ${YEAR.other} other events, from a snapshot`,
    },
    {
      metric: 'start_year_empty_ratio',
      value: round(ratio, 2),
      unit: 'ratio',
      goal: GOAL,
      note: 'year/empty',
    },
    {
      metric: 'start_year_first_ms',
      value: round(first.ms, 0),
      unit: 'ms',
      note: 'the first start on the year without a snapshot: every event replayed (an upgrade from format 1)',
    },
  ]
  printBench('start', metrics)
} finally {
  await rm(root, { recursive: true, force: true })
}
