import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, existsSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type net from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** Two linked pseudo-terminals: bytes written to one come out of the other, as over a null-modem cable. */
export interface PtyPair {
  /** Path of one end (a symlink to its /dev/pts/N). */
  a: string
  /** Path of the other end. */
  b: string
  close(): Promise<void>
}

const READY_TIMEOUT_MS = 5000
const live = new Map<ChildProcess, string>()
process.on('exit', () => {
  for (const [child, dir] of live) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
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
 * Starts `socat pty pty` and waits until both links exist. Spawned through setpriv(1) --pdeathsig where there
 * is one, so the kernel ends socat even if this process dies by SIGKILL (PR_SET_PDEATHSIG, prctl(2)).
 */
export async function openPtyPair(): Promise<PtyPair> {
  const socat = which('socat')
  if (!socat) throw new Error('socat not found: run `node tests/support/system-deps.mjs` (apt package socat)')
  const dir = await mkdtemp(join(tmpdir(), 'rsh-pty-'))
  const a = join(dir, 'a')
  const b = join(dir, 'b')
  // raw,echo=0: no line discipline, so bytes pass unchanged, as on a real serial line (socat(1), "pty").
  const args = ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`]
  const setpriv = process.platform === 'linux' ? which('setpriv') : null
  const child = setpriv
    ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', socat, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(socat, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-10_000)
  })
  child.unref()
  ;(child.stderr as net.Socket | null)?.unref()
  live.set(child, dir)
  let gone = false
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      log += `\n${err.message}`
      resolve()
    })
    child.once('exit', () => resolve())
  }).then(async () => {
    gone = true
    live.delete(child)
    await rm(dir, { recursive: true, force: true })
  })
  const close = async () => {
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + READY_TIMEOUT_MS
  while (!gone && Date.now() < deadline) {
    if (existsSync(a) && existsSync(b)) return { a, b, close }
    await sleep(20)
  }
  await close()
  throw new Error(`socat gave no pty pair within ${READY_TIMEOUT_MS} ms; its log:\n${log || '(empty)'}`)
}
