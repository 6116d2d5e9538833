import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

/**
 * The hub as a station runs it: the launcher (server/main.ts) in a child process on a station file, and the
 * release's command-line tools, each run from the checkout's root.
 */
const root = new URL('../..', import.meta.url).pathname

export { freePort } from './free-port.js'

export interface Launched {
  child: ChildProcess
  /** The exit code once it has exited. */
  exited: Promise<number | null>
  /** Everything it wrote, stdout and stderr. */
  output(): string
}

/** Starts `node <script> args` with tsx from the checkout's root. */
export function runTs(script: string, args: string[]): Launched {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, REDSTATION_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  return { child, exited, output: () => out }
}

/** Waits until `url` answers 200, or the process exits (then throws with what it wrote). */
export async function waitServing(run: Launched, url: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms
  let exited = false
  void run.exited.then(() => (exited = true))
  while (Date.now() < until) {
    if (exited) throw new Error(`the hub exited before serving:\n${run.output()}`)
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the hub did not serve ${url} within ${ms} ms:\n${run.output()}`)
}

/** Every file and folder under `dir`, each with the SHA-256 of its content (folders: "dir"). */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const path = join(d, e.name)
      const key = relative(dir, path)
      if (e.isDirectory()) {
        out[key] = 'dir'
        await walk(path)
      } else
        out[key] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
    }
  }
  await walk(dir)
  return out
}
