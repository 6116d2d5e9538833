import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isValidPhone, maskPhone } from '../../server/privacy/phone.js'
import { PhoneKeys } from '../../server/privacy/secret.js'
import { normaliseName } from '../../server/screenings/name.js'
import { openTestStore } from '../support/store.js'

/** The station's phone keys as the hub loads them: the store's secret (store/key-file.ts). */
async function loadSecret(dir: string): Promise<PhoneKeys> {
  const store = await openTestStore(dir)
  try {
    return new PhoneKeys(await store.secret())
  } finally {
    await store.close()
  }
}

const dirs: string[] = []
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'redstation-privacy-'))
  dirs.push(d)
  return d
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

describe('phone numbers', () => {
  it('accepts mainland mobile numbers only: 11 digits, 13–19', () => {
    for (const ok of ['13812341234', '19900000000', '15011112222']) expect(isValidPhone(ok)).toBe(true)
    for (const bad of ['12812341234', '1381234123', '138123412345', '+8613812341234', '1381234123a', ''])
      expect(isValidPhone(bad)).toBe(false)
  })

  it('are masked to the first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
  })
})

describe('the station secret', () => {
  it('is created once, 32 bytes, readable by the hub’s user only, and gives the same hash after a restart', async () => {
    const dir = await tempDir()
    const first = await loadSecret(dir)
    const file = join(dir, 'secret.key')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/)
    const again = await loadSecret(dir)
    expect(again.hash('13812341234')).toBe(first.hash('13812341234'))
    expect(first.hash('13812341234')).toMatch(/^[0-9a-f]{64}$/)
    expect(first.hash('13812341235')).not.toBe(first.hash('13812341234'))
  })

  it('is keyed: another station (another secret) hashes the same phone differently, and neither is a plain SHA-256', async () => {
    const a = await loadSecret(await tempDir())
    const b = await loadSecret(await tempDir())
    expect(a.hash('13812341234')).not.toBe(b.hash('13812341234'))
    expect(a.hash('13812341234')).not.toBe(createHash('sha256').update('13812341234').digest('hex'))
  })

  it('never shows itself when serialised', async () => {
    const keys = await loadSecret(await tempDir())
    expect(JSON.stringify({ keys })).toBe('{"keys":"[PhoneKeys]"}')
  })

  it('stops the hub when damaged rather than replacing it (every known phone would become a stranger)', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'secret.key'), 'not a key\n')
    await expect(loadSecret(dir)).rejects.toThrow(/secret\.key: cannot be used:\s+- is damaged/)
  })
})

describe('names for a screening sign-up', () => {
  it('take letters of any script, spaces, ·, . and -; trimmed, 1–20 characters', () => {
    expect(normaliseName('  陈小明 ')).toBe('陈小明')
    expect(normaliseName('买买提·艾力')).toBe('买买提·艾力')
    expect(normaliseName('Nguyễn  Văn\u3000An')).toBe('Nguyễn Văn An')
    expect(normaliseName('J. Smith-Jones')).toBe('J. Smith-Jones')
    expect(normaliseName('欧阳'.repeat(10))).toBe('欧阳'.repeat(10))
    expect(normaliseName(`${'欧阳'.repeat(10)}娜`)).toBeNull()
    for (const bad of ['   ', 'Bob1', '<script>', '13812341234', '张三😀'])
      expect(normaliseName(bad)).toBeNull()
  })
})
