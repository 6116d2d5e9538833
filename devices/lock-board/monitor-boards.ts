/**
 * What the monitor knows of each board: online or not, each door as last seen and since when, and the
 * changes a new status brings. Pure bookkeeping, no timers: monitor.ts decides what the changes mean.
 */
import { LockBoardError } from './errors.js'
import { boardProblems, type LockBoardProfile } from './profiles.js'

export interface Door {
  /** null until the board has been heard from. */
  open: boolean | null
  since: number | null
  item?: boolean
}

export interface BoardState {
  address: number
  doors: Door[]
  /** null: not heard from yet. */
  online: boolean | null
  everSeen: boolean
  /** The next status follows a time offline: what changed meanwhile was not watched. */
  resync: boolean
  failures: number
  lastSeenAt: number | null
}

export type DoorChange =
  | { kind: 'opened'; board: number; lock: number; initial: boolean; resync: boolean }
  | { kind: 'closed'; board: number; lock: number; openForMs: number | null; resync: boolean }
  | { kind: 'item'; board: number; lock: number; present: boolean }

export class BoardTracker {
  readonly counts = { polls: 0, pollFailures: 0 }
  private readonly boards = new Map<number, BoardState>()

  constructor(
    profile: LockBoardProfile,
    boards: Array<{ address: number; locks: number }>,
    private readonly offlineAfterFailures: number,
  ) {
    const problems = boardProblems(profile, boards)
    if (boards.length === 0) problems.push('boards: expected at least one board')
    if (problems.length > 0)
      throw new LockBoardError('invalid', `cabinet boards:\n  - ${problems.join('\n  - ')}`)
    for (const b of boards)
      this.boards.set(b.address, {
        address: b.address,
        doors: Array.from({ length: b.locks }, () => ({ open: null, since: null })),
        online: null,
        everSeen: false,
        resync: false,
        failures: 0,
        lastSeenAt: null,
      })
  }

  all(): BoardState[] {
    return [...this.boards.values()]
  }

  get(address: number): BoardState | undefined {
    return this.boards.get(address)
  }

  /** A status arrived: the board is online, and these doors changed. */
  observe(address: number, closed: boolean[], items: boolean[] | undefined, now: number) {
    const b = this.boards.get(address) as BoardState
    this.counts.polls++
    const changes: DoorChange[] = []
    const resync = b.resync
    b.doors.forEach((door, i) => {
      const lock = i + 1
      const c = closed[i]
      if (c !== undefined) {
        const open = !c
        if (door.open === null) {
          door.open = open
          door.since = now
          if (open) changes.push({ kind: 'opened', board: address, lock, initial: true, resync })
        } else if (door.open !== open) {
          changes.push(
            open
              ? { kind: 'opened', board: address, lock, initial: false, resync }
              : {
                  kind: 'closed',
                  board: address,
                  lock,
                  openForMs: door.since === null ? null : now - door.since,
                  resync,
                },
          )
          door.open = open
          door.since = now
        }
      }
      const item = items?.[i]
      if (item !== undefined) {
        if (door.item !== undefined && door.item !== item)
          changes.push({ kind: 'item', board: address, lock, present: item })
        door.item = item
      }
    })
    const cameOnline = b.online !== true
    const first = !b.everSeen
    b.online = true
    b.everSeen = true
    b.resync = false
    b.failures = 0
    b.lastSeenAt = now
    return { changes, cameOnline, first }
  }

  /** A poll went unanswered; true when that makes the board offline now. */
  failed(address: number): boolean {
    const b = this.boards.get(address) as BoardState
    this.counts.pollFailures++
    b.failures++
    if (b.failures < this.offlineAfterFailures || b.online === false) return false
    b.online = false
    b.resync = true
    return true
  }

  /** The port is gone; true when the board was not already offline. */
  disconnected(address: number): boolean {
    const b = this.boards.get(address) as BoardState
    b.failures = 0
    if (b.online === false) return false
    b.online = false
    b.resync = true
    return true
  }

  locksOf(address: number): Array<{ lock: number; open: boolean; item?: boolean }> {
    const b = this.boards.get(address) as BoardState
    return b.doors.map((d, i) => ({
      lock: i + 1,
      open: d.open === true,
      ...(d.item !== undefined && { item: d.item }),
    }))
  }
}
