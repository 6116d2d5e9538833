import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { hashPassword } from '../../server/auth/password.js'
import { SESSIONS_DOC, SessionStore } from '../../server/auth/sessions.js'
import type { User } from '../../server/auth/users.js'
import { systemClock } from '../../server/clock.js'
import { openTestStore } from '../support/store.js'

const hours = (n: number) => n * 3_600_000
const days = (n: number) => n * 86_400_000

let dataDir: string
let accounts: Map<string, User>
let cheapHash: string

beforeAll(async () => {
  cheapHash = await hashPassword('first-pass', { N: 1024, r: 8, p: 1 })
})

/** Sessions on a real store in dataDir, as the hub opens them; closing them closes the store too. */
async function open(): Promise<SessionStore> {
  const store = await openTestStore(dataDir)
  const sessions = new SessionStore(await store.document(SESSIONS_DOC), {
    clock: systemClock,
    lookup: async (name) => accounts.get(name),
    commit: (decide) => store.commit(decide),
    onError: (err) => {
      throw err
    },
  })
  const close = sessions.close.bind(sessions)
  sessions.close = async () => {
    await close()
    await store.close()
  }
  return sessions
}

describe('sessions', () => {
  beforeEach(async () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-27T08:00:00Z'))
    dataDir = await mkdtemp(join(tmpdir(), 'redstation-sessions-'))
    accounts = new Map([['li', { name: 'li', role: 'manager', passwordHash: cheapHash, source: 'file' }]])
  })
  afterEach(async () => {
    vi.useRealTimers()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('finds the user of a token, with the role the account has now', async () => {
    const store = await open()
    const { token } = await store.create(accounts.get('li') as User)
    expect((await store.resolve(token))?.user).toEqual({ name: 'li', role: 'manager' })
    accounts.set('li', { ...(accounts.get('li') as User), role: 'staff' })
    expect((await store.resolve(token))?.user).toEqual({ name: 'li', role: 'staff' })
    expect(await store.resolve('x'.repeat(43))).toBeNull()
    expect(await store.resolve(undefined)).toBeNull()
    await store.close()
  })

  it('keeps only a hash of the token on disk', async () => {
    const store = await open()
    const { token } = await store.create(accounts.get('li') as User)
    expect(await readFile(join(dataDir, 'sessions.json'), 'utf8')).not.toContain(token)
    await store.close()
  })

  it('ends after 12 hours unused, and each use slides that window', async () => {
    const store = await open()
    const { token } = await store.create(accounts.get('li') as User)
    await vi.advanceTimersByTimeAsync(hours(11))
    expect(await store.resolve(token)).not.toBeNull()
    await vi.advanceTimersByTimeAsync(hours(11))
    expect(await store.resolve(token)).not.toBeNull()
    await vi.advanceTimersByTimeAsync(hours(12))
    expect(await store.resolve(token)).toBeNull()
    await store.close()
  })

  it('lives no longer than 7 days from when the clock came back, if it was made while the clock ran ahead', async () => {
    const store = await open()
    const real = Date.now()
    vi.setSystemTime(real + days(30))
    const { token } = await store.create(accounts.get('li') as User)
    // The clock is put right (NTP, a new RTC battery): the session is now dated 30 days in the future.
    vi.setSystemTime(real)
    expect(await store.resolve(token)).not.toBeNull()
    const used = async (until: number) => {
      while (Date.now() + hours(10) < until) {
        await vi.advanceTimersByTimeAsync(hours(10))
        expect(await store.resolve(token)).not.toBeNull()
      }
    }
    await used(real + days(7))
    vi.setSystemTime(real + days(7))
    expect(await store.resolve(token)).toBeNull()
    await store.close()
  })

  it('ends 7 days after login however often it is used', async () => {
    const store = await open()
    const login = Date.now()
    const { token } = await store.create(accounts.get('li') as User)
    while (Date.now() + hours(10) < login + days(7)) {
      await vi.advanceTimersByTimeAsync(hours(10))
      expect(await store.resolve(token)).not.toBeNull()
    }
    vi.setSystemTime(login + days(7))
    expect(await store.resolve(token)).toBeNull()
    await store.close()
  })

  it('ends when the account is removed or gets a new password', async () => {
    const store = await open()
    const a = await store.create(accounts.get('li') as User)
    accounts.set('li', {
      ...(accounts.get('li') as User),
      passwordHash: await hashPassword('second-pass', { N: 1024, r: 8, p: 1 }),
    })
    expect(await store.resolve(a.token)).toBeNull()
    const b = await store.create(accounts.get('li') as User)
    accounts.delete('li')
    expect(await store.resolve(b.token)).toBeNull()
    await store.close()
  })

  it('survives a restart, with its last use saved', async () => {
    let store = await open()
    const { token } = await store.create(accounts.get('li') as User)
    await vi.advanceTimersByTimeAsync(hours(11))
    await store.resolve(token)
    await store.close()
    store = await open()
    await vi.advanceTimersByTimeAsync(hours(11))
    expect((await store.resolve(token))?.user.name).toBe('li')
    await store.close()
  })

  it('tells listeners when a session ends, on logout and when the sweep finds it expired', async () => {
    const store = await open()
    const ended: string[] = []
    store.onEnd((id) => ended.push(id))
    const a = await store.create(accounts.get('li') as User)
    const b = await store.create(accounts.get('li') as User)
    await store.revoke(a.id)
    expect(ended).toEqual([a.id])
    await vi.advanceTimersByTimeAsync(hours(12) + 10 * 60_000)
    expect(ended).toEqual([a.id, b.id])
    expect(store.size).toBe(0)
    await store.close()
  })
})
