/**
 * A profile is everything the driver must know about one family of boards: serial framing, timing, the poll
 * rate it allows, addressing, and the per-installation settings where the sources disagree, with the
 * well-attested default. Figures and their sources: ../shared/docs/lock-boards.md.
 */

import { GENERIC_8A_DEFAULTS, type Generic8aSettings, generic8a } from './generic-8a.js'
import { CU16_DEFAULTS, type Cu16Settings, cu16 } from './kerong-cu16.js'
import { CU48_DEFAULTS, type Cu48Settings, cu48 } from './kerong-cu48.js'
import type { LockBoardProtocol, ProfileName } from './types.js'

export interface Timing {
  /** Quiet time on the bus after a transaction before the next frame goes out. */
  gapMs: number
  /** How long a status request waits for its answer. */
  replyTimeoutMs: number
  /** How long an unlock waits for its answer, on boards that send one. */
  unlockReplyTimeoutMs: number
  /** Silence that ends a frame whose length only the frame tells, and drops a truncated one. */
  frameSilenceMs: number
  /** Further attempts of a read that got no answer. An unlock never gets one. */
  readRetries: number
}

export interface LockBoardProfile {
  name: ProfileName
  title: string
  serial: { baudRate: number; dataBits: 8; parity: 'none'; stopBits: 1 }
  timing: Timing
  /** Status polling: the default period per board, and the shortest the profile allows. */
  poll: { defaultMs: number; minMs: number }
  /** Board addresses (DIP/rotary switch) and lock numbers (1-based) the profile accepts. */
  addressing: { boards: { min: number; max: number }; locks: { max: number }; note: string }
  /** Per-installation settings and their defaults, each with what it means. */
  settings: Record<string, { default: unknown; allowed: string; about: string }>
}

export type LockBoardSettings = Partial<Cu16Settings & Cu48Settings & Generic8aSettings>

const kerongTiming: Timing = {
  // jin0949 waits 25 ms after an unlock before asking the status; the Kerong docs give "response < 1 s",
  // while working code reads answers within 100–200 ms (CartWise) and polls every 50 ms (lkaas-kerong).
  gapMs: 25,
  replyTimeoutMs: 500,
  unlockReplyTimeoutMs: 500,
  frameSilenceMs: 25,
  readRetries: 2,
}

const lockedBit = {
  default: 1,
  allowed: '0 or 1',
  about: 'the status bit of a latched hook; 0 where the hook switch is NO instead of NC',
}

export const PROFILES: Record<ProfileName, LockBoardProfile> = {
  'kerong-cu16': {
    name: 'kerong-cu16',
    title: 'Kerong KR-CU16 (16 locks, 16 IR sensors)',
    serial: { baudRate: 19200, dataBits: 8, parity: 'none', stopBits: 1 },
    timing: kerongTiming,
    poll: { defaultMs: 500, minMs: 50 },
    addressing: {
      boards: { min: 0, max: 9 },
      locks: { max: 16 },
      note: 'board number on the rotary/DIP switch, 0–9, at most 10 boards per bus (Kerong distributor docs)',
    },
    settings: {
      unlockReply: {
        default: 'none',
        allowed: 'none or status',
        about: 'whether the board answers an unlock (0x31); most sources: none',
      },
      lockedBit,
    },
  },
  'kerong-cu48': {
    name: 'kerong-cu48',
    title: 'Kerong KR-CU48, protocol V2.1 (48 locks)',
    serial: { baudRate: 19200, dataBits: 8, parity: 'none', stopBits: 1 },
    timing: kerongTiming,
    // No source polls a CU48; its answer is 12 bytes instead of 9, so the floor is kept above the CU16's.
    poll: { defaultMs: 500, minMs: 100 },
    addressing: {
      boards: { min: 0, max: 9 },
      locks: { max: 48 },
      note: 'address switch 0–9 (0x0A is every board), 10 boards per bus (official PDF)',
    },
    settings: { lockedBit },
  },
  'generic-8a': {
    name: 'generic-8a',
    title: 'Generic 0x8A/0x80 board (8–48 channels)',
    serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    // Open-Locker's rules for these boards: 25 ms of silence ends a frame, 5 ms between transactions, the
    // unlock answer after ~0.5–1 s (1500 ms timeout), one transaction at a time, poll every 500 ms.
    timing: {
      gapMs: 5,
      replyTimeoutMs: 1000,
      unlockReplyTimeoutMs: 1500,
      frameSilenceMs: 25,
      readRetries: 2,
    },
    poll: { defaultMs: 500, minMs: 200 },
    addressing: {
      boards: { min: 1, max: 200 },
      locks: { max: 48 },
      note: 'DIP switch, 1 and up (0 unused); the range depends on the model: Open-Locker accepts 1–31',
    },
    settings: {
      feedback: {
        default: 'door-closing',
        allowed: 'door-closing or door-opening',
        about: 'door-closing: signal 11 = closed, 00 = open; door-opening: the reverse',
      },
      statusBytes: {
        default: undefined,
        allowed: 'a whole number 1–8, or unset',
        about: 'status bytes of a query-all answer when known; unset: read from the frame',
      },
    },
  },
}

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[]

export class SettingsError extends Error {
  override name = 'SettingsError'
  constructor(readonly problems: string[]) {
    super(`lock-board settings:\n  - ${problems.join('\n  - ')}`)
  }
}

export interface ResolvedProfile {
  profile: LockBoardProfile
  settings: LockBoardSettings
  protocol: LockBoardProtocol
}

/** The profile by name with one installation's settings laid over its defaults; every problem at once. */
export function resolveProfile(name: string, settings: Record<string, unknown> = {}): ResolvedProfile {
  const profile = PROFILES[name as ProfileName]
  if (!profile) throw new SettingsError([`profile "${name}": expected one of ${PROFILE_NAMES.join(', ')}`])
  const problems: string[] = []
  for (const key of Object.keys(settings))
    if (!(key in profile.settings)) problems.push(`${key}: not a setting of ${name}`)
  const s = settings as LockBoardSettings
  if ('lockedBit' in settings && s.lockedBit !== 0 && s.lockedBit !== 1)
    problems.push('lockedBit: expected 0 or 1')
  if ('unlockReply' in settings && s.unlockReply !== 'none' && s.unlockReply !== 'status')
    problems.push('unlockReply: expected none or status')
  if ('feedback' in settings && s.feedback !== 'door-closing' && s.feedback !== 'door-opening')
    problems.push('feedback: expected door-closing or door-opening')
  if (
    s.statusBytes !== undefined &&
    !(Number.isInteger(s.statusBytes) && (s.statusBytes as number) >= 1 && (s.statusBytes as number) <= 8)
  )
    problems.push('statusBytes: expected a whole number 1–8')
  if (problems.length > 0) throw new SettingsError(problems)
  switch (profile.name) {
    case 'kerong-cu16': {
      const merged = { ...CU16_DEFAULTS, ...(s as Partial<Cu16Settings>) }
      return { profile, settings: merged, protocol: cu16(merged) }
    }
    case 'kerong-cu48': {
      const merged = { ...CU48_DEFAULTS, ...(s as Partial<Cu48Settings>) }
      return { profile, settings: merged, protocol: cu48(merged) }
    }
    case 'generic-8a': {
      const merged = { ...GENERIC_8A_DEFAULTS, ...(s as Partial<Generic8aSettings>) }
      return { profile, settings: merged, protocol: generic8a(merged) }
    }
  }
}

/** Every problem with a board list against the profile's addressing. */
export function boardProblems(profile: LockBoardProfile, boards: Array<{ address: number; locks: number }>) {
  const problems: string[] = []
  const { min, max } = profile.addressing.boards
  const seen = new Set<number>()
  boards.forEach((b, i) => {
    if (!Number.isInteger(b.address) || b.address < min || b.address > max)
      problems.push(`boards[${i}].address: expected ${min}–${max} (${profile.addressing.note})`)
    else if (seen.has(b.address)) problems.push(`boards[${i}].address: ${b.address} is used twice on one bus`)
    seen.add(b.address)
    if (!Number.isInteger(b.locks) || b.locks < 1 || b.locks > profile.addressing.locks.max)
      problems.push(`boards[${i}].locks: expected 1–${profile.addressing.locks.max}`)
  })
  return problems
}
