/**
 * What every benchmark shares: percentiles, the `BENCH {json}` line the runner collects, goals, and a
 * monotonic clock that two processes on the same machine read alike (CLOCK_MONOTONIC, via hrtime).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface Metric {
  metric: string
  value: number
  unit: string
  note: string
  /** `>= 0.8`, `< 20`, …: the runner marks the figure met / not met. Older benches put `goal <= 1.2` in the note. */
  goal?: string
}

/** Nearest-rank percentile, as in store-write.bench.ts. */
export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
}

export function median(samples: number[]): number {
  return percentile(samples, 0.5)
}

export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits

/** Milliseconds on the system-wide monotonic clock: comparable between a bench and the processes it starts. */
export function monoMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One `BENCH {json}` line per metric, after the human lines; the runner reads nothing else. */
export function printBench(bench: string, metrics: Metric[]): void {
  for (const m of metrics) console.log(`BENCH ${JSON.stringify({ bench, ...m })}`)
}

const GOAL = /^(<=|>=|<|>)\s*(-?[\d.]+)$/

/** The goal of a metric: its `goal` field, else a `goal <= 1.2` in its note. */
export function goalOf(m: { goal?: string; note?: string }): string | undefined {
  if (m.goal) return m.goal
  return /goal\s*(<=|>=|<|>)\s*(-?[\d.]+)/
    .exec(m.note ?? '')
    ?.slice(1, 3)
    .join(' ')
}

/** true / false against a goal like `>= 0.8`; undefined when there is no goal or it cannot be read. */
export function meets(value: number, goal: string | undefined): boolean | undefined {
  const g = goal ? GOAL.exec(goal.trim()) : null
  if (!g || !Number.isFinite(value)) return undefined
  const limit = Number(g[2])
  switch (g[1]) {
    case '<=':
      return value <= limit
    case '>=':
      return value >= limit
    case '<':
      return value < limit
    default:
      return value > limit
  }
}

export function verdict(value: number, goal: string | undefined): string {
  const ok = meets(value, goal)
  return ok === undefined ? '' : ok ? 'met' : 'not met'
}

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = Math.min(xs.length, ys.length)
  if (n < 2) return Number.NaN
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my)
    den += ((xs[i] as number) - mx) ** 2
  }
  return den === 0 ? Number.NaN : num / den
}

export { freePort } from '../support/free-port.js'

export type BenchKind = 'temperature' | 'door' | 'stock'

/** `n` devices, 40 % thermometers, 30 % doors, 30 % stock compartments, ids `<prefix>-t000`, … */
export function benchDevices(n: number, prefix = 'b'): Array<{ id: string; kind: BenchKind; name: string }> {
  return Array.from({ length: n }, (_, i) => {
    const kind: BenchKind = i % 10 < 4 ? 'temperature' : i % 10 < 7 ? 'door' : 'stock'
    const id = `${prefix}-${kind[0]}${String(i).padStart(3, '0')}`
    return { id, kind, name: `${kind} ${i}` }
  })
}

/** A valid native payload for a device of that kind; `i` varies the value. */
export function benchPayload(kind: BenchKind, i: number): string {
  if (kind === 'temperature') return `{"temperature":${(2 + (i % 60) / 10).toFixed(1)},"battery":95}`
  if (kind === 'door') return `{"contact":${i % 7 !== 0}}`
  return `{"count":${i % 40}}`
}

/** The repository root, so `--import tsx` resolves whatever folder the bench was started from. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Starts this bench file again as a child (`--outside` role) with an IPC channel: the outside world
 * (devices, screens) in its own process, as on the station, while this one runs the hub.
 */
export function forkOutside(moduleUrl: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return fork(fileURLToPath(moduleUrl), ['--outside', ...args], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
  })
}

/** The next IPC message of a type from a child, or an error after `ms`. */
export function nextMessage<M extends { type: string }>(child: ChildProcess, type: M['type'], ms: number) {
  return new Promise<M>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on)
      reject(new Error(`no ${type} message from the child within ${ms} ms`))
    }, ms)
    const on = (m: M) => {
      if (m.type !== type) return
      clearTimeout(timer)
      child.off('message', on)
      resolve(m)
    }
    child.on('message', on)
  })
}

/** Asks a child to stop, then makes sure it is gone. */
export async function stopChild(child: ChildProcess, stopMessage: unknown, ms = 5000): Promise<void> {
  if (child.exitCode === null && child.connected) child.send(stopMessage as object)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  if (child.exitCode === null) await Promise.race([exited, sleep(ms)])
  if (child.exitCode === null) child.kill('SIGKILL')
}

/** Compiles the server as `npm run build` does, so a bench measures the code a station runs. */
export function buildServer(): Promise<void> {
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
      stdio: 'inherit',
    })
    tsc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited ${code}`))))
  })
}
