import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { Lockout } from '../../server/auth/lockout.js'
import { Authenticator } from '../../server/auth/login.js'
import { hashPassword } from '../../server/auth/password.js'
import type { User } from '../../server/auth/users.js'
import { systemClock } from '../../server/clock.js'

const minutes = (n: number) => n * 60_000
const START = new Date('2026-11-27T08:00:00Z').getTime()

let li: User

beforeAll(async () => {
  // A cheap hash keeps the test quick; the cost does not change what is being tested.
  li = {
    name: 'li',
    role: 'manager',
    source: 'file',
    passwordHash: await hashPassword('right-pass', { N: 1024, r: 8, p: 1 }),
  }
})

function setup(opts = {}) {
  const lockout = new Lockout(systemClock, opts)
  const auth = new Authenticator({ lookup: async (name) => (name === 'li' ? li : undefined), lockout })
  const failTimes = async (name: string, n: number) => {
    const out = []
    for (let i = 0; i < n; i++) out.push(await auth.check(name, 'wrong-pass'))
    return out
  }
  return { auth, lockout, failTimes }
}

describe('login lock-out', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(START)
  })
  afterEach(() => vi.useRealTimers())

  it('locks a name for 15 minutes after 5 failures in a row, even against the right password', async () => {
    const { auth, failTimes } = setup()
    const results = await failTimes('li', 5)
    expect(results.slice(0, 4).map((r) => r.ok || r.reason)).toEqual(Array(4).fill('bad-login'))
    expect(results[4]).toEqual({ ok: false, reason: 'locked', until: START + minutes(15) })
    expect(await auth.check('li', 'right-pass')).toEqual({
      ok: false,
      reason: 'locked',
      until: START + minutes(15),
    })

    await vi.advanceTimersByTimeAsync(minutes(15) - 1000)
    expect((await auth.check('li', 'right-pass')).ok).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(await auth.check('li', 'right-pass')).toMatchObject({ ok: true, user: { name: 'li' } })
  })

  it('gives a fresh 5 tries once a lock has ended', async () => {
    const { auth, failTimes } = setup()
    await failTimes('li', 5)
    await vi.advanceTimersByTimeAsync(minutes(15))
    expect((await failTimes('li', 4)).every((r) => !r.ok && r.reason === 'bad-login')).toBe(true)
    expect(await auth.check('li', 'wrong-pass')).toMatchObject({ reason: 'locked' })
  })

  it('starts counting again after a success', async () => {
    const { auth, failTimes } = setup()
    await failTimes('li', 4)
    expect((await auth.check('li', 'right-pass')).ok).toBe(true)
    expect((await failTimes('li', 4)).every((r) => !r.ok && r.reason === 'bad-login')).toBe(true)
  })

  it('forgets failures older than the lock time', async () => {
    const { failTimes } = setup()
    await failTimes('li', 4)
    await vi.advanceTimersByTimeAsync(minutes(15))
    expect((await failTimes('li', 1))[0]).toEqual({ ok: false, reason: 'bad-login' })
  })

  it('locks names that have no account exactly like real ones, so a lock reveals nothing', async () => {
    const { auth, failTimes } = setup()
    const ghost = await failTimes('ghost', 5)
    const real = await failTimes('li', 5)
    expect(ghost).toEqual(real)
    expect(await auth.check('ghost', 'anything')).toEqual(await auth.check('li', 'right-pass'))
  })

  it('counts parallel guesses one by one, so a burst cannot slip past the lock', async () => {
    const { auth } = setup()
    const results = await Promise.all(Array.from({ length: 8 }, () => auth.check('li', 'wrong-pass')))
    expect(results.map((r) => r.ok || r.reason)).toEqual([
      ...Array(4).fill('bad-login'),
      ...Array(4).fill('locked'),
    ])
    expect(await auth.check('li', 'right-pass')).toMatchObject({ reason: 'locked' })
  })

  it('takes its limits from the options', async () => {
    const { failTimes } = setup({ maxFailures: 2, lockMs: minutes(1) })
    expect((await failTimes('li', 2))[1]).toEqual({ ok: false, reason: 'locked', until: START + minutes(1) })
  })

  it('tracks a bounded number of names, so guessing random names cannot fill the memory', () => {
    const lockout = new Lockout(systemClock, { maxTracked: 100 })
    for (let i = 0; i < 1000; i++) lockout.fail(`name-${i}`)
    expect(lockout.tracked).toBe(100)
  })
})
