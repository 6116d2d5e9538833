/**
 * wrk (Debian's package) as the check-in load of the benches: one thread, `connections` connections,
 * tests/bench/checkins.lua giving every request a different valid phone number from `phoneBase`, so every
 * hub answer is a new, durable visit. Why wrk and not autocannon: see checkins.bench.ts.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { repoRoot } from './lib.js'

export const WRK = '/usr/bin/wrk'

export interface WrkResult {
  requests: number
  non2xx: number
  errors: number
  seconds: number
  p50: number
  p99: number
}

const execFileP = promisify(execFile)

/** Stops the bench early, saying how to get wrk, when it is missing. */
export function needWrk(): void {
  if (!existsSync(WRK))
    throw new Error(
      `this bench needs wrk (${WRK}): npm run bench installs it as root, else: sudo apt-get install -y wrk`,
    )
}

/** Milliseconds from a wrk duration such as `812.00us`, `2.81ms` or `1.02s`. */
function ms(value: string, unit: string): number {
  return Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN)
}

/** The figures of wrk's report (`--latency`): requests, time, non-2xx answers, socket errors, p50 and p99. */
export function parseWrk(out: string): WrkResult {
  const done = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(out)
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out)
    return m ? ms(m[1] as string, m[2] as string) : Number.NaN
  }
  if (!done) throw new Error(`cannot read wrk's report:\n${out}`)
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  return {
    requests: Number(done[1]),
    seconds: ms(done[2] as string, done[3] as string) / 1000,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: sock ? sock.slice(1).reduce((n, x) => n + Number(x), 0) : 0,
    p50: pct('50'),
    p99: pct('99'),
  }
}

/** One wrk run of check-ins against `url` for whole `seconds`; phones start at `phoneBase`. */
export async function wrkCheckins(
  url: string,
  o: { seconds: number; connections: number; phoneBase: number },
): Promise<WrkResult> {
  const args = [
    '-t1',
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--latency',
    '-s',
    'tests/bench/checkins.lua',
    url,
  ]
  const { stdout } = await execFileP(WRK, args, {
    cwd: repoRoot,
    env: { ...process.env, CHECKINS_PHONE_BASE: String(o.phoneBase) },
    timeout: (o.seconds + 30) * 1000,
  })
  return parseWrk(stdout)
}
