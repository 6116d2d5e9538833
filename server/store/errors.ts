/**
 * What the store answers when the disk lets it down. A full disk is not a bug of the hub: the answer says
 * so (503, with when to try again), nothing is half-applied, and the station recovers by itself when space
 * returns.
 */
export class StorageError extends Error {
  readonly statusCode = 503
  /** Shown as is by the error handler, though a 5xx: it names the station's state, not an internal. */
  readonly expose = true
  readonly retryAfterSec = 60
  readonly full: boolean

  constructor(
    readonly code: 'HUB_ERR_STORAGE_FULL' | 'HUB_ERR_STORAGE_FAILED',
    cause: unknown,
  ) {
    super(
      code === 'HUB_ERR_STORAGE_FULL'
        ? 'The station’s disk is full: this was not saved. The manager has been alerted; try again later.'
        : 'The station could not save this (its disk failed to write). The manager has been alerted; try again later.',
      { cause },
    )
    this.name = 'StorageError'
    this.full = code === 'HUB_ERR_STORAGE_FULL'
  }
}

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG'])
const FAILED = new Set(['EIO', 'EROFS', 'EACCES', 'EPERM', 'ENOENT', 'EBADF'])

/** A write failure as the HTTP answer should name it; anything else is passed through unchanged. */
export function asStorageError(err: unknown): unknown {
  if (err instanceof StorageError) return err
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (code && FULL.has(code)) return new StorageError('HUB_ERR_STORAGE_FULL', err)
  if (code && FAILED.has(code)) return new StorageError('HUB_ERR_STORAGE_FAILED', err)
  return err
}

/** A file of the data folder that cannot be used: the hub refuses to start rather than guess. */
export class StoreFileError extends Error {
  readonly code = 'HUB_ERR_STORE_FILE'
  constructor(
    readonly path: string,
    readonly problems: string[],
    readonly hint = 'restore it from a backup, or move it away to start without it',
  ) {
    super(`${path}: cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}\n  (${hint})`)
    this.name = 'StoreFileError'
  }
}
