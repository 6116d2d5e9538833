/** The lock-board CLI's arguments: parsed and checked here, pure, so bad input is tested without a port. */
import { parseArgs } from 'node:util'
import { PROFILE_NAMES, PROFILES } from './profiles.js'
import type { ProfileName } from './types.js'

export const USAGE = `usage: npm run lock-board -- [options] <command>

Talks to lock boards on one RS-485 bus, for the person wiring a cabinet.

commands:
  list                 serial ports on this machine (by stable /dev/serial/by-id path)
  status               every lock of the board: open or closed (and IR item on a KR-CU16)
  open <lock>          unlock one lock and wait for a status showing the door open (or a jam)
  watch                print what the monitor sees (doors, jams, boards offline) until Ctrl-C

options:
  --port <path>        the adapter, e.g. /dev/serial/by-id/usb-FTDI_…-if00-port0   (not for list)
  --profile <name>     ${PROFILE_NAMES.join(' | ')}   (not for list)
  --board <n>          board address on its DIP/rotary switch (default: the profile's first)
  --locks <n>          locks wired on the board (default: the profile's most)
  --set <key=value>    a per-installation setting, repeatable: lockedBit=0, unlockReply=status,
                       feedback=door-opening, statusBytes=3
  --jam-after <s>      seconds an unlock may take to show the door open (default 5)
  -h, --help           this help

exit: 0 done (door opened), 2 bad arguments, 3 jammed, 4 port or board not answering`

export class UsageError extends Error {
  override name = 'UsageError'
}

export type Command =
  | { kind: 'list' }
  | { kind: 'status' }
  | { kind: 'open'; lock: number }
  | { kind: 'watch' }

export interface CliOptions {
  help: boolean
  command: Command
  port: string
  profile: ProfileName
  board: number
  locks: number
  settings: Record<string, string | number>
  jamAfterMs: number
}

export function parseCli(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { values, positionals } = parsed
  const base = {
    port: '',
    profile: 'kerong-cu16' as ProfileName,
    board: 0,
    locks: 1,
    settings: {},
    jamAfterMs: 5000,
  }
  if (values.help) return { help: true, command: { kind: 'list' }, ...base }
  const [name, arg, ...rest] = positionals
  if (rest.length > 0) throw new UsageError(`unexpected: ${rest.join(' ')}`)
  if (name === 'list') return { help: false, command: { kind: 'list' }, ...base }
  if (name !== 'status' && name !== 'open' && name !== 'watch')
    throw new UsageError(
      name ? `unknown command "${name}"` : 'a command is needed: list, status, open <lock> or watch',
    )
  if (!values.port) throw new UsageError('--port is required')
  if (!values.profile || !(values.profile in PROFILES))
    throw new UsageError(`--profile: expected one of ${PROFILE_NAMES.join(', ')}`)
  const profile = PROFILES[values.profile as ProfileName]
  const board = whole('--board', values.board ?? String(profile.addressing.boards.min))
  const { min, max } = profile.addressing.boards
  if (board < min || board > max) throw new UsageError(`--board: ${profile.name} boards are ${min}–${max}`)
  const locks = whole('--locks', values.locks ?? String(profile.addressing.locks.max))
  if (locks < 1 || locks > profile.addressing.locks.max)
    throw new UsageError(`--locks: ${profile.name} boards have 1–${profile.addressing.locks.max}`)
  let command: Command = { kind: name as 'status' | 'watch' }
  if (name === 'open') {
    const lock = whole('open <lock>', arg ?? '')
    if (lock < 1 || lock > locks) throw new UsageError(`open <lock>: expected 1–${locks}`)
    command = { kind: 'open', lock }
  } else if (arg !== undefined) throw new UsageError(`unexpected: ${arg}`)
  const settings: Record<string, string | number> = {}
  for (const s of values.set ?? []) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(s)
    if (!m) throw new UsageError(`--set ${s}: expected key=value`)
    settings[m[1] as string] = /^\d+$/.test(m[2] as string) ? Number(m[2]) : (m[2] as string)
  }
  const jamAfter = Number(values['jam-after'] ?? '5')
  if (!(jamAfter > 0 && jamAfter <= 60)) throw new UsageError('--jam-after: expected seconds, 0–60')
  return {
    help: false,
    command,
    port: values.port,
    profile: profile.name,
    board,
    locks,
    settings,
    jamAfterMs: jamAfter * 1000,
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      profile: { type: 'string' },
      board: { type: 'string' },
      locks: { type: 'string' },
      set: { type: 'string', multiple: true },
      'jam-after': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

function whole(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: expected a whole number, got "${text}"`)
  return Number(text)
}
