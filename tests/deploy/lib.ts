import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repo = fileURLToPath(new URL('../../', import.meta.url))
export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
export const isRoot = process.getuid?.() === 0

/** The path of a program in PATH (or /usr/sbin, /sbin), or null. */
export function which(name: string): string | null {
  const r = spawnSync('sh', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${name}`], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() : null
}

export { freePort } from '../support/free-port.js'

/** Temp folders and child processes of a test file, removed and killed by cleanup(). */
export function scratch() {
  const dirs: string[] = []
  const children: ChildProcess[] = []
  return {
    async dir(prefix = 'redstation-deploy-'): Promise<string> {
      const d = await mkdtemp(join(tmpdir(), prefix))
      dirs.push(d)
      return d
    },
    track<T extends ChildProcess>(child: T): T {
      children.push(child)
      return child
    },
    async cleanup(): Promise<void> {
      for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
      for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
    },
  }
}

export interface Datagram {
  at: number
  text: string
}

/**
 * A stand-in for systemd's notification socket (fixtures/notify-receiver.pl, Perl from Debian's essential
 * perl-base): every datagram the hub sends, with the time it arrived here.
 */
export async function notifyReceiver(path: string, track: (c: ChildProcess) => ChildProcess) {
  const child = track(spawn('perl', [join(fixtures, 'notify-receiver.pl'), path], { stdio: 'pipe' }))
  const got: Datagram[] = []
  let buffered = ''
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`notify-receiver.pl exited ${code}`)))
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString()
      for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        if (line === 'listening') resolve()
        else got.push({ at: Date.now(), text: line.replaceAll('\\n', '\n') })
      }
    })
  })
  return { got, has: (field: string) => got.filter((d) => d.text.split('\n').includes(field)) }
}

export async function waitFor<T>(
  what: string,
  fn: () => T | false | null | undefined,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
