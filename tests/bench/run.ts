/**
 * `npm run bench [-- name …]`: runs each tests/bench/*.bench.ts (or the named ones) as a child process, one
 * after another, streams its output, collects its `BENCH {json}` lines, and rewrites the figures between
 * `<!-- bench:start -->` and `<!-- bench:end -->` in docs/performance.md. Everything else in the file is kept.
 * Benches not run this time keep their last figures and their own run line, so a subset run is safe.
 * Goals are measured, not asserted: a figure that misses its goal is marked, and the exit code stays 0;
 * only a bench that fails to run makes it non-zero.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join, relative } from 'node:path'
import { createInterface } from 'node:readline'
import { goalOf, type Metric, meets, repoRoot } from './lib.js'

// Listed benches run first, in this order; the rest follow by name.
const ORDER = [
  'store-write',
  'start',
  'ingest',
  'latency',
  'memory',
  'hostile-lan',
  'lock-board-latency',
  'lock-board-cpu',
  'central-ingest',
  'central-scaleout',
  'central-fleet',
  'uplink-backlog',
  'uplink-cost',
  'district-overview',
  'district-ack',
]
const DOC = join(repoRoot, 'docs/performance.md')
const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'
const DATA = /<!-- bench:data (.*?) -->/s
/** Generous: every bench stops by itself well before; this only catches a hang. */
const LIMIT_MS = (Number(process.env.BENCH_SOAK_MIN ?? 10) + 20) * 60_000

interface Run {
  bench: string
  date: string
  /** The commit measured, and whether the working tree differed from it. */
  code?: string
  machine: string
  node: string
  command: string
  load: string
  seconds: number
  exit: number | null
  metrics: Array<Metric & { bench: string }>
}

function cpuModel(): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8')
  const line = /^(model name|Model|Hardware)\s*:\s*(.+)$/m.exec(info)
  return line?.[2]?.trim() ?? os.cpus()[0]?.model ?? 'unknown cpu'
}

function machine(): string {
  const gb = (os.totalmem() / 2 ** 30).toFixed(1)
  return `${cpuModel()}, ${os.availableParallelism()} cores, ${gb} GB RAM`
}

function code(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim()
  try {
    const dirty = git(
      'status',
      '--porcelain',
      '--untracked-files=no',
      '--',
      'server',
      'devices',
      'package.json',
    )
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes' : ''}`
  } catch {
    return 'unknown'
  }
}

/** The command as typed, with the BENCH_* settings that shaped it. */
function command(names: string[]): string {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v} `)
    .join('')
  const npm = process.env.npm_lifecycle_event === 'bench'
  const args = names.length ? `${npm ? ' --' : ''} ${names.join(' ')}` : ''
  return `${env}${npm ? 'npm run bench' : 'tsx tests/bench/run.ts'}${args}`
}

function benchFiles(): Map<string, string> {
  const dir = join(repoRoot, 'tests/bench')
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length)
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  return new Map(names.map((n) => [n, join(dir, `${n}.bench.ts`)]))
}

/** Kills the bench and whatever it started: it runs in a process group of its own. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {}
}

async function runBench(name: string, file: string, cmd: string): Promise<Run> {
  const started = Date.now()
  const measured = code()
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
  console.log(`\n=== ${name} (${relative(repoRoot, file)}), load average ${load} ===`)
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const metrics: Run['metrics'] = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line)
    if (!line.startsWith('BENCH ')) return
    try {
      metrics.push(JSON.parse(line.slice('BENCH '.length)))
    } catch {
      console.error(`run: unreadable BENCH line: ${line}`)
    }
  })
  child.stderr.on('data', (d) => process.stderr.write(d))
  const interrupt = () => {
    interrupted = true
    killGroup(child, 'SIGTERM')
  }
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)
  const limit = setTimeout(() => {
    console.error(`run: ${name} still running after ${LIMIT_MS / 60_000} min; stopping it`)
    killGroup(child, 'SIGTERM')
    setTimeout(() => killGroup(child, 'SIGKILL'), 10_000).unref()
  }, LIMIT_MS)
  const exit = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  clearTimeout(limit)
  process.off('SIGINT', interrupt)
  process.off('SIGTERM', interrupt)
  // Anything it left behind goes with it.
  killGroup(child, 'SIGKILL')
  const seconds = Math.round((Date.now() - started) / 1000)
  console.log(`=== ${name}: exit ${exit}, ${seconds} s, ${metrics.length} figures ===`)
  return {
    bench: name,
    date: new Date(started).toISOString().slice(0, 16).replace('T', ' '),
    code: measured,
    machine: machine(),
    node: process.version,
    command: cmd,
    load,
    seconds,
    exit,
    metrics,
  }
}

let interrupted = false

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ')

function status(m: Metric): string {
  const ok = meets(m.value, goalOf(m))
  return ok === undefined ? '' : ok ? 'met' : '**not met**'
}

function render(runs: Run[]): string {
  const lines = [
    START,
    '<!-- written by `npm run bench` (tests/bench/run.ts); edits between these markers are overwritten -->',
    '',
    '| bench | run (UTC) | code | machine | node | command | load avg at start | took | exit |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.bench} | ${r.date} | ${cell(r.code ?? '')} | ${cell(r.machine)} | ${r.node} | \`${cell(r.command)}\` | ${r.load} | ` +
        `${r.seconds} s | ${r.exit === 0 ? '0' : `**${r.exit}**`} |`,
    ),
    '',
    '| bench | figure | value | unit | goal | status | note |',
    '|---|---|---:|---|---|---|---|',
    ...runs.flatMap((r) =>
      r.metrics.length === 0
        ? [`| ${r.bench} | (no figures: the bench failed) | | | | | |`]
        : r.metrics.map(
            (m) =>
              `| ${r.bench} | ${m.metric} | ${m.value} | ${cell(m.unit)} | ${cell(goalOf(m) ?? '')} | ` +
              `${status(m)} | ${cell(m.note ?? '')} |`,
          ),
    ),
    '',
    `<!-- bench:data ${JSON.stringify(runs).replaceAll('--', '\\u002d\\u002d')} -->`,
    END,
  ]
  return lines.join('\n')
}

async function updateDoc(fresh: Run[]): Promise<void> {
  let text = await readFile(DOC, 'utf8').catch(() => '# Performance\n')
  const s = text.indexOf(START)
  const e = text.indexOf(END)
  let kept: Run[] = []
  if (s >= 0 && e > s) {
    const json = DATA.exec(text.slice(s, e))?.[1]
    try {
      kept = json ? (JSON.parse(json) as Run[]) : []
    } catch {
      console.error('run: could not read the previous figures; they are replaced')
    }
  } else {
    text = `${text.trimEnd()}\n\n## Figures\n\n${START}\n${END}\n`
  }
  const byName = new Map(kept.map((r) => [r.bench, r]))
  for (const r of fresh) byName.set(r.bench, r)
  const all = [...byName.values()]
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length)
  all.sort((a, b) => rank(a.bench) - rank(b.bench) || a.bench.localeCompare(b.bench))
  const from = text.indexOf(START)
  const to = text.indexOf(END) + END.length
  await writeFile(DOC, text.slice(0, from) + render(all) + text.slice(to))
  console.log(`\nrun: figures written to ${relative(repoRoot, DOC)}`)
}

const files = benchFiles()
// `--render`: only write the tables again from the figures already recorded (after a merge of two branches'
// figures, say); no bench runs.
if (process.argv.includes('--render')) {
  await updateDoc([])
  process.exit(0)
}
const wanted = process.argv.slice(2).map((a) => a.replace(/\.bench\.ts$/, '').replace(/^.*\//, ''))
const unknown = wanted.filter((w) => !files.has(w))
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; there are: ${[...files.keys()].join(', ')}`)
  process.exit(2)
}
const cmd = command(process.argv.slice(2))
const runs: Run[] = []
for (const [name, file] of files) {
  if (wanted.length === 0 || wanted.includes(name)) runs.push(await runBench(name, file, cmd))
  if (interrupted) {
    console.error('run: interrupted; docs/performance.md left as it was')
    process.exit(130)
  }
}
await updateDoc(runs)
for (const r of runs)
  for (const m of r.metrics) {
    const st = status(m)
    if (st)
      console.log(
        `${r.bench}: ${m.metric} = ${m.value} ${m.unit} (goal ${goalOf(m)}) ${st.replaceAll('*', '')}`,
      )
  }
const failed = runs.filter((r) => r.exit !== 0)
if (failed.length > 0) {
  console.error(`run: failed: ${failed.map((r) => `${r.bench} (exit ${r.exit})`).join(', ')}`)
  process.exit(1)
}
