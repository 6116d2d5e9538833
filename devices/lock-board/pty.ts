/**
 * A pseudo-terminal pair from socat(1): bytes written to one end come out of the other, as over a cable, and
 * node-serialport opens either end as it would /dev/ttyUSB0. Each end is a symlink at a path of our choosing
 * (socat's `link=`), which is what lets a test "unplug" the adapter (stop socat: the links vanish and the open
 * port fails) and "plug it back" at the same stable path, as /dev/serial/by-id/… behaves.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, existsSync, rmSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export interface PtyPair {
  /** The host's end: where the driver opens "the adapter". */
  host: string
  /** The boards' end: where the simulator listens. */
  board: string
  /** Stops socat; both links disappear, and ports open on them fail. */
  close(): Promise<void>
}

const READY_TIMEOUT_MS = 5000
const live = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK)
      return join(dir, name)
    } catch {}
  }
  return null
}

/**
 * Starts `socat pty pty` with its two links at `host` and `board`, and waits until both exist. Where there is
 * setpriv(1), socat gets --pdeathsig, so the kernel ends it even if this process dies by SIGKILL.
 */
export async function openPtyPair(host: string, board: string): Promise<PtyPair> {
  const socat = which('socat')
  if (!socat) throw new Error('socat not found: install the Debian package socat')
  for (const p of [host, board]) rmSync(p, { force: true })
  // raw,echo=0: no line discipline, so bytes pass unchanged, as on a real serial line (socat(1), "pty").
  const args = ['-d', '-d', `pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${board}`]
  const setpriv = process.platform === 'linux' ? which('setpriv') : null
  // A process group of its own: Ctrl-C at a terminal signals the whole foreground group, and socat must not
  // vanish (an "unplugged adapter") before its owner has closed the port. --pdeathsig still ends it.
  const options = { stdio: ['ignore', 'ignore', 'pipe'] as ('ignore' | 'pipe')[], detached: true }
  const child = setpriv
    ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', socat, ...args], options)
    : spawn(socat, args, options)
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-10_000)
  })
  child.unref()
  ;(child.stderr as unknown as { unref?: () => void } | null)?.unref?.()
  live.add(child)
  let gone = false
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      log += `\n${err.message}`
      resolve()
    })
    child.once('exit', () => resolve())
  }).then(() => {
    gone = true
    live.delete(child)
  })
  const close = async () => {
    if (!gone) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
    // socat removes its links on a clean exit; after a SIGKILL they would dangle.
    for (const p of [host, board]) rmSync(p, { force: true })
  }
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (!gone && Date.now() < deadline) {
    if (existsSync(host) && existsSync(board)) return { host, board, close }
    await sleep(10)
  }
  // Once more after the deadline: a loaded machine may have stalled this loop past it while socat was ready.
  if (!gone && existsSync(host) && existsSync(board)) return { host, board, close }
  await close()
  throw new Error(`socat gave no pty pair within ${READY_TIMEOUT_MS} ms; its log:\n${log || '(empty)'}`)
}
