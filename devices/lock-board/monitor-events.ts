/**
 * The facts a cabinet monitor reports, one typed map (the hub's lockers feature listens to these). Times are
 * ISO strings from the injected clock; `afterMs` counts from the moment the unlock was asked for.
 */
import type { LockBoardError } from './errors.js'

export interface LockRef {
  board: number
  lock: number
}

/**
 * What is known of the relay: `sent` (written; the profile's boards answer nothing), `acknowledged` (the
 * board answered the unlock), `unknown` (no answer, or the port lost after writing: it may have fired).
 */
export type RelayFact = 'sent' | 'acknowledged' | 'unknown'

export type UnlockOutcome =
  /** A status showed the door open within the jam window: the only confirmation there is. */
  | { outcome: 'opened'; afterMs: number; relay: RelayFact }
  /** The door was already open when the unlock was asked for; the relay was fired anyway. */
  | { outcome: 'already-open'; relay: RelayFact }
  /** No status showed the door open within the window. */
  | { outcome: 'jammed'; afterMs: number; relay: RelayFact; statusSeen: boolean }

export interface CabinetEvents {
  /** A door read open where it read closed. `resync`: first status after the board was offline. */
  'door-opened': LockRef & { at: string; commanded: boolean; resync: boolean }
  'door-closed': LockRef & { at: string; openForMs: number | null; resync: boolean }
  /** A status showed the door open after an unlock. `late`: after it had been reported jammed. */
  'unlock-confirmed': LockRef & { at: string; afterMs: number; relay: RelayFact; late: boolean }
  /**
   * No opening within the jam window after an unlock. `statusSeen`: the board answered since and showed the
   * door still closed; false: no status came (board silent or port lost), so it may not be the lock.
   */
  jam: LockRef & { at: string; afterMs: number; relay: RelayFact; statusSeen: boolean }
  /** A door opened with no unlock behind it: forced, or a broken lock. Urgent. */
  'uncommanded-open': LockRef & { at: string; resync: boolean }
  /** KR-CU16 infrared sensor: something put in or taken out. */
  'item-changed': LockRef & { at: string; present: boolean }
  /** A board answered after being offline or unknown; `locks` is its state now. */
  'board-online': {
    board: number
    at: string
    first: boolean
    locks: Array<{ lock: number; open: boolean; item?: boolean }>
  }
  /** `silent`: polls unanswered; `disconnected`: the serial port is gone (every board goes with it). */
  'board-offline': { board: number; at: string; reason: 'silent' | 'disconnected' }
  /** The serial port opened, first or again. Every board is asked for its status at once. */
  'bus-up': { at: string; path: string; reopened: boolean }
  'bus-down': { at: string; path: string; error: LockBoardError }
}

/** Every event a CabinetMonitor emits, for those who listen to all of them (the hub, the CLI, tests). */
export const CABINET_EVENTS: readonly (keyof CabinetEvents)[] = [
  'door-opened',
  'door-closed',
  'unlock-confirmed',
  'jam',
  'uncommanded-open',
  'item-changed',
  'board-online',
  'board-offline',
  'bus-up',
  'bus-down',
]
