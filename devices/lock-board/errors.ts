/**
 * Errors of the lock-board driver and monitor carry fields that code checks (as node-serialport's
 * `disconnected: true` and `canceled: true`), never a message to parse. `code` names the case; the boolean
 * flags are there for the common checks.
 */
export type LockBoardErrorCode =
  /** The serial port is gone (unplugged adapter) or not open: nothing was sent. */
  | 'disconnected'
  /** No answer in time (after the bounded retries of a read). */
  | 'timeout'
  /** The bus was closed by its owner. */
  | 'closed'
  /** A board or lock number outside the profile, or a lock the monitor does not watch. */
  | 'invalid'
  /** The board is known to be offline: the monitor refuses to fire blind. */
  | 'offline'

export interface LockBoardErrorFields {
  board?: number
  lock?: number
  /** errno code of the serial port's failure (ENOENT, EIO, EACCES…), when there is one. */
  errno?: string
  /**
   * true when an unlock frame may have reached the board (written, then no answer or the port lost): the
   * relay may have fired. Never retried; the monitor keeps watching the door.
   */
  outcomeUnknown?: boolean
}

export class LockBoardError extends Error {
  override name = 'LockBoardError'
  readonly code: LockBoardErrorCode
  readonly disconnected: boolean
  readonly timeout: boolean
  readonly offline: boolean
  readonly board?: number
  readonly lock?: number
  readonly errno?: string
  readonly outcomeUnknown: boolean

  constructor(code: LockBoardErrorCode, message: string, fields: LockBoardErrorFields = {}) {
    super(message)
    this.code = code
    this.disconnected = code === 'disconnected'
    this.timeout = code === 'timeout'
    this.offline = code === 'offline'
    this.board = fields.board
    this.lock = fields.lock
    this.errno = fields.errno
    this.outcomeUnknown = fields.outcomeUnknown ?? false
  }
}

export function isLockBoardError(err: unknown): err is LockBoardError {
  return err instanceof LockBoardError
}
