import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { accessSync, constants, readdirSync, rmSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import pg from 'pg'

/** A throwaway PostgreSQL cluster started for a test: initdb in a temp folder, a free port on 127.0.0.1. */
export interface PostgresHandle {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string
  port: number
  /** A fresh, empty database in this cluster: its URL. */
  database(name?: string): Promise<string>
  stop(): Promise<void>
}

const READY_TIMEOUT_MS = 15_000
/** Debian's `nobody`: PostgreSQL refuses to run as root, so as root the cluster runs as this user. */
const NOBODY = 65534

const live = new Set<{ child: ChildProcess; dir: string }>()
process.on('exit', () => {
  for (const r of live) {
    r.child.kill('SIGKILL')
    rmSync(r.dir, { recursive: true, force: true })
  }
})

function which(name: string, extraDirs: string[]): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs]) {
    try {
      accessSync(join(dir, name), constants.X_OK)
      return join(dir, name)
    } catch {}
  }
  return null
}

/** Debian installs the server programs in /usr/lib/postgresql/<major>/bin, outside PATH; the newest wins. */
function serverBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
  } catch {
    return []
  }
}

/** initdb and postgres, from one installation; null when PostgreSQL is not installed. */
export function postgresBinaries(): { initdb: string; postgres: string } | null {
  for (const dir of serverBinDirs()) {
    const initdb = which('initdb', [dir])
    const postgres = which('postgres', [dir])
    if (initdb && postgres && initdb.startsWith(dir) && postgres.startsWith(dir)) return { initdb, postgres }
  }
  const initdb = which('initdb', [])
  const postgres = which('postgres', [])
  return initdb && postgres ? { initdb, postgres } : null
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * The command run as the cluster's owner: as root, setpriv(1) drops to `nobody` (and --pdeathsig kills it if
 * this process dies without cleaning up); otherwise as ourselves.
 */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  const setpriv = which('setpriv', ['/usr/bin'])
  const drop = process.getuid?.() === 0 ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] : []
  if (setpriv) return [setpriv, [...drop, '--pdeathsig', 'KILL', '--', cmd, ...args]]
  if (drop.length > 0)
    throw new Error('setpriv not found (Debian package util-linux): needed to run PostgreSQL as root')
  return [cmd, args]
}

/** Creates a cluster with initdb and starts it; its socket and data live in one temp folder. */
export async function startPostgres(): Promise<PostgresHandle> {
  const bins = postgresBinaries()
  if (!bins)
    throw new Error('PostgreSQL not found: run `node tests/support/system-deps.mjs` (apt package postgresql)')
  const dir = await mkdtemp(join(tmpdir(), 'rsh-postgres-'))
  if (process.getuid?.() === 0) await chown(dir, NOBODY, NOBODY)
  const data = join(dir, 'data')
  const [initCmd, initArgs] = asOwner(bins.initdb, [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync', // the cluster is thrown away; the server itself keeps fsync on
  ])
  await promisify(execFile)(initCmd, initArgs, { timeout: 60_000 }).catch(async (err) => {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`initdb failed: ${(err as Error).message}`)
  })
  const port = await freePort()
  const [cmd, args] = asOwner(bins.postgres, [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=60',
  ])
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.unref()
  for (const s of [child.stdout, child.stderr]) (s as net.Socket | null)?.unref()
  const entry = { child, dir }
  live.add(entry)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const c = new pg.Client({ connectionString: url })
    try {
      await c.connect()
      await c.end()
      break
    } catch {
      await c.end().catch(() => {})
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL')
        throw new Error(`postgres on port ${port} did not start; its log:\n${log}`)
      }
      await sleep(100)
    }
  }
  let n = 0
  return {
    url,
    port,
    async database(name = `t${process.pid}_${++n}`) {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      try {
        await c.query(`CREATE DATABASE "${name}"`)
      } finally {
        await c.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    async stop() {
      // SIGINT: PostgreSQL's "fast" shutdown (clients are disconnected, then it exits).
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
      live.delete(entry)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
