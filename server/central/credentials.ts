import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const derive = promisify(pbkdf2)

/**
 * Station (and service) logins for the district broker, hashed the way Mosquitto 2's password file keeps
 * them: `$7$<iterations>$<salt>$<hash>`, PBKDF2-HMAC-SHA512 with a 12-byte salt and a 64-byte key, base64
 * (mosquitto_passwd(1); src/password_mosq.c). The same string verifies a login on the embedded broker and is
 * a line of Mosquitto's password_file, so the file can always be written again from the registry.
 *
 * The password is 24 random bytes made here, never a person's choice: a slow hash would add nothing against
 * guessing 2^192 values, and a thousand stations reconnecting at once must not cost minutes of CPU.
 */
const ITERATIONS = 1000
const SALT_BYTES = 12
const KEY_BYTES = 64

export const newPassword = () => randomBytes(24).toString('base64url')

export async function mqttHash(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, ITERATIONS, KEY_BYTES, 'sha512')
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${key.toString('base64')}`
}

const HASH = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/

export async function verifyMqttHash(password: string, stored: string): Promise<boolean> {
  const m = HASH.exec(stored)
  if (!m) return false
  const iterations = Number(m[1])
  const salt = Buffer.from(m[2] as string, 'base64')
  const key = Buffer.from(m[3] as string, 'base64')
  if (iterations < 1 || key.length < 16) return false
  const got = await derive(password, salt, iterations, key.length, 'sha512')
  return timingSafeEqual(got, key)
}
