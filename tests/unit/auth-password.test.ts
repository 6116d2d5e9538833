import { describe, expect, it } from 'vitest'
import { credentialOf, hashPassword, isPasswordHash, verifyPassword } from '../../server/auth/password.js'

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with N=2^15, r=8, p=1, a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword('correct horse')
    const [algo, N, r, p, salt, hash] = stored.split('$')
    expect([algo, N, r, p]).toEqual(['scrypt', '32768', '8', '1'])
    expect(Buffer.from(salt as string, 'base64')).toHaveLength(16)
    expect(Buffer.from(hash as string, 'base64')).toHaveLength(32)
    expect(isPasswordHash(stored)).toBe(true)
    expect(stored).not.toContain('correct horse')
  })

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('红色驿站-2026')
    expect(await verifyPassword('红色驿站-2026', stored)).toBe(true)
    expect(await verifyPassword('红色驿站-2025', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('salts every hash, so the same password never gives the same text', async () => {
    const a = await hashPassword('same password')
    const b = await hashPassword('same password')
    expect(a).not.toBe(b)
    expect(credentialOf(a)).not.toBe(credentialOf(b))
  })

  it('treats the same characters typed as composed or decomposed Unicode as one password', async () => {
    const stored = await hashPassword('caf\u00e9-password')
    expect(await verifyPassword('cafe\u0301-password', stored)).toBe(true)
  })

  it('checks hashes made with other accepted parameters, read from the stored text', async () => {
    const stored = await hashPassword('cheap one', { N: 1024, r: 8, p: 1 })
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true)
    expect(await verifyPassword('cheap one', stored)).toBe(true)
  })

  it('never matches a malformed hash or one asking for too much memory', async () => {
    const good = await hashPassword('x', { N: 1024, r: 8, p: 1 })
    const [, , , , salt, hash] = good.split('$')
    for (const bad of [
      '',
      'plain-text-password',
      `bcrypt$1024$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`,
      `scrypt$1048576$8$1$${salt}$${hash}`,
      `scrypt$1024$8$1$not*base64$${hash}`,
      `scrypt$1024$8$1$${salt}`,
    ]) {
      expect(isPasswordHash(bad), bad).toBe(false)
      expect(await verifyPassword('x', bad), bad).toBe(false)
    }
  })
})
