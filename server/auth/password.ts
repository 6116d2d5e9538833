import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * Password hashing with scrypt (RFC 7914), stored as `scrypt$N$r$p$salt$hash` (salt and hash in base64).
 * N=2^15, r=8 takes about 32 MiB and a quarter of a second on a Pi-class box: slow for a guesser, fine for
 * the few logins a station sees.
 */
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1 }
const KEY_BYTES = 32
const SALT_BYTES = 16
/** Refuse parameters that would take more memory than a small station computer has to spare. */
const MAX_MEMORY = 256 * 1024 * 1024

export interface ScryptParams {
  N: number
  r: number
  p: number
}

interface ParsedHash extends ScryptParams {
  salt: Buffer
  hash: Buffer
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, bytes: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * 2 + 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, bytes, options, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

export async function hashPassword(
  password: string,
  params: ScryptParams = SCRYPT_DEFAULTS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const hash = await derive(password, salt, params, KEY_BYTES)
  const { N, r, p } = params
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$')
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** The parts of a stored hash, or null when it is not one this hub can check. */
function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,9}$/.test(s) ? Number(s) : Number.NaN)) as [
    number,
    number,
    number,
  ]
  const powerOfTwo = N >= 2 ** 10 && (N & (N - 1)) === 0
  if (!powerOfTwo || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16) || 128 * N * r > MAX_MEMORY) return null
  const [salt, hash] = parts.slice(4) as [string, string]
  if (!BASE64.test(salt) || !BASE64.test(hash)) return null
  const saltBytes = Buffer.from(salt, 'base64')
  const hashBytes = Buffer.from(hash, 'base64')
  if (saltBytes.length < 8 || hashBytes.length < 16) return null
  return { N, r, p, salt: saltBytes, hash: hashBytes }
}

/** True when `stored` has the `scrypt$N$r$p$salt$hash` form with parameters this hub accepts. */
export function isPasswordHash(stored: string): boolean {
  return parseHash(stored) !== null
}

/** Checks a password against a stored hash in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (!parsed) return false
  const key = await derive(password, parsed.salt, parsed, parsed.hash.length)
  return timingSafeEqual(key, parsed.hash)
}

let dummy: Promise<string> | null = null

/**
 * Spends the same time as checking a real account, so that an unknown name cannot be told from a wrong
 * password by how long the answer takes. Always false.
 */
export async function verifyAgainstNobody(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'))
  await verifyPassword(password, await dummy)
  return false
}

/**
 * A short fingerprint of a stored hash. A session remembers it, so setting a new password (which makes a
 * new salt and hash) ends every session opened with the old one.
 */
export function credentialOf(stored: string): string {
  return createHash('sha256').update(stored).digest('base64url').slice(0, 22)
}
