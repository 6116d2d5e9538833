import { createHmac, randomBytes } from 'node:crypto'
import { chmod, open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFileDurably } from '../store/durable-file.js'
import { maskPhone } from './phone.js'

const SECRET_FILE = 'secret.key'
const SECRET_BYTES = 32

/** Hashes and masks phone numbers. The key stays inside: nothing here can log or serialise it. */
export class PhoneKeys {
  readonly #secret: Buffer

  constructor(secret: Buffer) {
    this.#secret = secret
  }

  /**
   * HMAC-SHA256 under the station's secret: the same phone always gives the same hash at this station (so
   * returning couriers are recognised), but a hash cannot be reversed by hashing all 10^10 numbers, as a
   * plain SHA-256 of a phone number could, without the key.
   */
  hash(phone: string): string {
    return createHmac('sha256', this.#secret).update(phone).digest('hex')
  }

  mask(phone: string): string {
    return maskPhone(phone)
  }

  toJSON(): string {
    return '[PhoneKeys]'
  }
}

/**
 * The station's secret: 32 random bytes, hex, in `<dataDir>/secret.key` (mode 0600). Created on first start,
 * durably and atomically; afterwards only read. A damaged file stops the hub rather than being replaced:
 * a new key would silently turn every returning courier and every sign-up into a stranger.
 */
export async function loadSecret(dataDir: string): Promise<PhoneKeys> {
  const path = join(dataDir, SECRET_FILE)
  let text: string | null = null
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (text !== null) {
    const hex = text.trim()
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new Error(
        `${path} is damaged (expected ${SECRET_BYTES} bytes as 64 hex digits): restore it from a backup, or delete it to start with a new key (known phone numbers will no longer be recognised)`,
      )
    await chmod(path, 0o600)
    return new PhoneKeys(Buffer.from(hex, 'hex'))
  }
  const secret = randomBytes(SECRET_BYTES)
  // replaceFileDurably opens its temp file with 'w', which keeps the mode of a file that already exists:
  // creating it 0600 first means the key is never on disk readable by others, not even for an instant.
  const tmp = `${path}.tmp`
  await rm(tmp, { force: true })
  await (await open(tmp, 'wx', 0o600)).close()
  await replaceFileDurably(path, `${secret.toString('hex')}\n`, tmp)
  return new PhoneKeys(secret)
}
