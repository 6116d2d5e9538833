import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { accessSync, constants, rmSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'

/** A real Mosquitto broker started for a test, on 127.0.0.1. */
export interface MosquittoHandle {
  url: string
  port: number
  /** SIGTERM, then wait until it has exited (SIGKILL after 5 s). */
  stop(): Promise<void>
  /** SIGKILL, as a crash or a pulled plug would, and wait until it has exited. */
  kill(): Promise<void>
  /** Start it again on the same port (stopping it first if it runs). */
  restart(): Promise<void>
  /** SIGHUP: Mosquitto reads its password file, ACL file and certificates again. */
  reload(): void
}

/**
 * A whole configuration of the caller's (a deploy/ file with its paths and port changed): the text of
 * mosquitto.conf for a broker listening on 127.0.0.1:`port`; `dir` is the broker's own temp folder.
 * The helper appends logging to stderr (its readiness check reads it) and, as root, `user root`.
 */
export type MosquittoConfig = (dir: string, port: number) => Promise<string>

interface Running {
  child: ChildProcess
  exited: Promise<void>
  dir: string
  log: () => string
}

const READY_TIMEOUT_MS = 5000
const STOP_TIMEOUT_MS = 5000
const LOG_KEEP_CHARS = 20_000

// Brokers still running when this process exits die with it, whatever a test forgot to stop.
const live = new Set<Running>()
process.on('exit', () => {
  for (const r of live) {
    r.child.kill('SIGKILL')
    rmSync(r.dir, { recursive: true, force: true })
  }
})

function which(name: string, extraDirs: string[] = []): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs]) {
    try {
      accessSync(join(dir, name), constants.X_OK)
      return join(dir, name)
    } catch {}
  }
  return null
}

/** The mosquitto binary: PATH first, then /usr/sbin where Debian puts it (often not in a user's PATH). */
export function mosquittoPath(): string | null {
  return which('mosquitto', ['/usr/sbin', '/usr/local/sbin'])
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Spawns the child through setpriv(1) --pdeathsig where there is one, so the kernel kills it even when this
 * process dies by SIGKILL and no 'exit' handler runs (PR_SET_PDEATHSIG, prctl(2)).
 */
function spawnOwned(cmd: string, args: string[]): ChildProcess {
  const setpriv = process.platform === 'linux' ? which('setpriv', ['/usr/bin']) : null
  const [file, argv] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', cmd, ...args]] : [cmd, args]
  return spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * A deployed configuration to run instead of the test's own: its `listener`, `password_file` and `acl_file`
 * lines are pointed at this test's port and files; everything else is taken as written.
 */
export interface DeployedConf {
  conf: string
  acl: string
}

async function writeConfig(
  dir: string,
  port: number,
  users?: Record<string, string>,
  deployed?: DeployedConf,
): Promise<string> {
  const acl = join(dir, 'acl')
  if (deployed) await writeFile(acl, deployed.acl)
  const own = deployed
    ? deployed.conf
        .split('\n')
        .filter(
          (l) => l.trim() !== '' && !l.startsWith('#') && !/^(password_file|acl_file|log_dest)\b/.test(l),
        )
        .map((l) => (l.startsWith('listener ') ? `listener ${port} 127.0.0.1` : l))
        .concat(`acl_file ${acl}`)
    : [`listener ${port} 127.0.0.1`]
  const lines = [
    ...own,
    'persistence false',
    // stderr, not stdout: Mosquitto 2.0 does not flush stdout, so a piped log would only arrive at exit.
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
  ]
  // As root, Mosquitto 2 drops to the `mosquitto` user, which cannot read a 0700 temp dir; `user root` keeps it.
  if (process.getuid?.() === 0) lines.push('user root')
  if (users) {
    const passwd = which('mosquitto_passwd', ['/usr/bin', '/usr/local/bin'])
    if (!passwd) throw new Error('mosquitto_passwd not found (Debian package mosquitto)')
    const file = join(dir, 'passwd')
    await writeFile(file, '', { mode: 0o600 })
    for (const [user, password] of Object.entries(users)) {
      await promisify(execFile)(passwd, ['-b', file, user, password])
    }
    lines.push('allow_anonymous false', `password_file ${file}`)
  } else if (!deployed) {
    lines.push('allow_anonymous true')
  }
  const conf = join(dir, 'mosquitto.conf')
  await writeFile(conf, `${lines.join('\n')}\n`)
  await chmod(conf, 0o600)
  return conf
}

async function writeOwnConfig(dir: string, port: number, config: MosquittoConfig): Promise<string> {
  const lines = [(await config(dir, port)).trimEnd(), 'log_dest stderr', 'log_type all']
  if (process.getuid?.() === 0) lines.push('user root')
  const conf = join(dir, 'mosquitto.conf')
  await writeFile(conf, `${lines.join('\n')}\n`)
  await chmod(conf, 0o600)
  return conf
}

interface LaunchOptions {
  users?: Record<string, string>
  deployed?: DeployedConf
  config?: MosquittoConfig
}

async function launch(port: number, o: LaunchOptions): Promise<Running> {
  const bin = mosquittoPath()
  if (!bin)
    throw new Error('mosquitto not found: run `node tests/support/system-deps.mjs` (apt package mosquitto)')
  const dir = await mkdtemp(join(tmpdir(), 'rsh-mosquitto-'))
  let text = ''
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-LOG_KEEP_CHARS)
  }
  let child: ChildProcess
  try {
    const conf = o.config
      ? await writeOwnConfig(dir, port, o.config)
      : await writeConfig(dir, port, o.users, o.deployed)
    child = spawnOwned(bin, ['-c', conf])
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  // A broker left running must not keep a test worker alive; the 'exit' handler above kills it.
  child.unref()
  for (const s of [child.stdout, child.stderr]) (s as net.Socket | null)?.unref()
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      text += `\n${err.message}`
      resolve()
    })
    child.once('exit', () => resolve())
  }).then(async () => {
    live.delete(running)
    await rm(dir, { recursive: true, force: true })
  })
  const running: Running = { child, exited, dir, log: () => text }
  live.add(running)
  await waitUntilReady(running, port)
  return running
}

async function waitUntilReady(r: Running, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let gone = false
  void r.exited.then(() => {
    gone = true
  })
  // Ready once it says so (Mosquitto 2 logs "mosquitto version x running" after binding every listener) and
  // the port answers: a port that answers alone may be someone else's, with this broker about to fail.
  while (Date.now() < deadline && !gone) {
    if (/^\d+: mosquitto version \S+ running$/m.test(r.log()) && (await accepts(port)) && !gone) return
    await sleep(50)
  }
  const why = gone
    ? `exited (${r.child.exitCode ?? r.child.signalCode})`
    : `not listening after ${READY_TIMEOUT_MS} ms`
  r.child.kill('SIGKILL')
  await r.exited
  throw new Error(`mosquitto on port ${port} ${why}; its log:\n${r.log() || '(empty)'}`)
}

async function terminate(r: Running, signal: NodeJS.Signals): Promise<void> {
  r.child.kill(signal)
  const timer = setTimeout(() => r.child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await r.exited
  clearTimeout(timer)
}

/** Starts Mosquitto with its own config in a temp dir; on a free port unless one is given. */
export async function startMosquitto(opts: { port?: number } & LaunchOptions = {}): Promise<MosquittoHandle> {
  const port = opts.port ?? (await freePort())
  let current: Running | null = await launch(port, opts)
  const end = async (signal: NodeJS.Signals) => {
    const r = current
    current = null
    if (r) await terminate(r, signal)
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGTERM')
      current = await launch(port, opts)
    },
    reload() {
      current?.child.kill('SIGHUP')
    },
  }
}
