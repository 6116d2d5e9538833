import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StoreFileError } from './errors.js'
import { DATA_FORMAT, FILES } from './files.js'

/** What a data folder is, read without changing anything in it. */
export type FolderFormat =
  /** No folder yet, or an empty one: made at the first start. */
  | { kind: 'new' }
  /** Of an older format (1: files but no meta.json): brought forward as the store opens it. */
  | { kind: 'older'; format: number }
  | { kind: 'current'; format: typeof DATA_FORMAT }

/**
 * The format of the data folder at `dataDir`, from its meta.json (a folder with files but without one is of
 * format 1, before the store kept it). Reads only: the store calls it before it creates or writes anything,
 * and so does the release check (server/cli/check-data.ts). Throws a StoreFileError, naming the file, when
 * meta.json cannot be read rightly or says a newer format than this release understands.
 */
export async function folderFormat(dataDir: string): Promise<FolderFormat> {
  const path = join(dataDir, FILES.meta)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    return (await isEmpty(dataDir)) ? { kind: 'new' } : { kind: 'older', format: 1 }
  }
  let meta: { format?: unknown }
  try {
    meta = JSON.parse(text)
  } catch {
    throw new StoreFileError(path, ['not valid JSON'])
  }
  const format = meta?.format
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1)
    throw new StoreFileError(path, ['format: expected a whole number from 1'])
  if (format > DATA_FORMAT)
    throw new StoreFileError(
      path,
      [`the data folder is of format ${format}; this release reads up to format ${DATA_FORMAT}`],
      'it was written by a newer release: install that release again (or a newer one); nothing was changed',
    )
  return format === DATA_FORMAT ? { kind: 'current', format: DATA_FORMAT } : { kind: 'older', format }
}

async function isEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true
    throw err
  }
}
