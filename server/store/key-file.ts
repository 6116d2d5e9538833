import { randomBytes } from 'node:crypto'
import { chmod, open, readFile, rm } from 'node:fs/promises'
import { replaceFileDurably } from './durable-file.js'
import { StoreFileError } from './errors.js'

/**
 * A secret key file of the data folder (hex, mode 0600): created once, durably and atomically, then only
 * read. A damaged file stops the hub rather than being replaced, since a new key would silently change
 * everything keyed by the old one.
 */
export async function readOrCreateKey(path: string, bytes: number, damagedHint: string): Promise<Buffer> {
  let text: string | null = null
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (text !== null) {
    const hex = text.trim()
    if (!new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(hex))
      throw new StoreFileError(
        path,
        [`is damaged (expected ${bytes} bytes as ${bytes * 2} hex digits)`],
        damagedHint,
      )
    await chmod(path, 0o600)
    return Buffer.from(hex, 'hex')
  }
  const secret = randomBytes(bytes)
  // replaceFileDurably opens its temp file with 'w', which keeps the mode of a file that already exists:
  // creating it 0600 first means the key is never on disk readable by others, not even for an instant.
  const tmp = `${path}.tmp`
  await rm(tmp, { force: true })
  await (await open(tmp, 'wx', 0o600)).close()
  await replaceFileDurably(path, `${secret.toString('hex')}\n`, tmp, 0o600)
  return secret
}
