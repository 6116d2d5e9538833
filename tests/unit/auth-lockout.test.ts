import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { HashGate } from '../../server/auth/hash-gate.js'
import { Lockout } from '../../server/auth/lockout.js'
import { Authenticator } from '../../server/auth/login.js'
import { hashPassword } from '../../server/auth/password.js'
import type { User } from '../../server/auth/users.js'
import { systemClock } from '../../server/clock.js'

const seconds = (n: number) => n * 1000
const minutes = (n: number) => n * 60_000
const START = new Date('2026-11-27T08:00:00Z').getTime()
const STRANGER = '192.168.1.66'
const OWNER = '192.168.1.20'

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

function setup(opts = {}, gate = new HashGate({ concurrency: 1, queue: 1000 })) {
  const lockout = new Lockout(systemClock, opts)
  const auth = new Authenticator({
    lookup: async (name) => (name === 'li' ? li : undefined),
    lockout,
    gate,
    clock: systemClock,
    failuresPerAddressPerMin: 1000,
  })
  const failTimes = async (name: string, n: number, address = STRANGER) => {
    const out = []
    for (let i = 0; i < n; i++) out.push(await auth.check(name, 'wrong-pass', address))
    return out
  }
  return { auth, lockout, failTimes }
}

describe('login slow-down', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(START)
  })
  afterEach(() => vi.useRealTimers())

  it('makes a name wait after 5 failures in a row from one address: 30 s, then twice as long each time, up to 15 min', async () => {
    const { auth, failTimes } = setup()
    const results = await failTimes('li', 5)
    expect(results.slice(0, 4).map((r) => r.ok || r.reason)).toEqual(Array(4).fill('bad-login'))
    expect(results[4]).toEqual({ ok: false, reason: 'locked', until: START + seconds(30) })
    // While it waits, even the right password from that address is not checked.
    expect(await auth.check('li', 'right-pass', STRANGER)).toEqual({
      ok: false,
      reason: 'locked',
      until: START + seconds(30),
    })
    const waits: number[] = []
    for (let i = 0; i < 7; i++) {
      const r = await auth.check('li', 'wrong-pass', STRANGER)
      if (r.ok || r.reason !== 'locked') throw new Error(`expected locked, got ${JSON.stringify(r)}`)
      waits.push((r.until - Date.now()) / 1000)
      vi.setSystemTime(r.until)
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900])
  })

  it('never locks the owner out from the owner’s own address, whatever a stranger does', async () => {
    const { auth, failTimes } = setup()
    await failTimes('li', 40)
    expect(await auth.check('li', 'right-pass', STRANGER)).toMatchObject({ ok: false, reason: 'locked' })
    expect(await auth.check('li', 'right-pass', OWNER)).toMatchObject({ ok: true, user: { name: 'li' } })
    // The owner's own typing errors count against the owner's address only.
    expect((await failTimes('li', 4, OWNER)).every((r) => !r.ok && r.reason === 'bad-login')).toBe(true)
  })

  it('starts counting again after a success', async () => {
    const { auth, failTimes } = setup()
    await failTimes('li', 4)
    expect((await auth.check('li', 'right-pass', STRANGER)).ok).toBe(true)
    expect((await failTimes('li', 4)).every((r) => !r.ok && r.reason === 'bad-login')).toBe(true)
  })

  it('forgets failures after an hour without one', async () => {
    const { failTimes } = setup()
    await failTimes('li', 5)
    await vi.advanceTimersByTimeAsync(minutes(59))
    expect((await failTimes('li', 1))[0]).toMatchObject({ ok: false, reason: 'locked' })
    await vi.advanceTimersByTimeAsync(minutes(60))
    expect((await failTimes('li', 1))[0]).toEqual({ ok: false, reason: 'bad-login' })
  })

  it('slows names that have no account exactly like real ones, so a wait reveals nothing', async () => {
    const { auth, failTimes } = setup()
    const ghost = await failTimes('ghost', 5)
    const real = await failTimes('li', 5)
    expect(ghost).toEqual(real)
    expect(await auth.check('ghost', 'anything', STRANGER)).toEqual(
      await auth.check('li', 'right-pass', STRANGER),
    )
  })

  it('counts parallel guesses one by one, so a burst cannot slip past the wait', async () => {
    const { auth } = setup()
    const results = await Promise.all(
      Array.from({ length: 8 }, () => auth.check('li', 'wrong-pass', STRANGER)),
    )
    expect(results.map((r) => r.ok || r.reason)).toEqual([
      ...Array(4).fill('bad-login'),
      ...Array(4).fill('locked'),
    ])
    expect(await auth.check('li', 'right-pass', STRANGER)).toMatchObject({ reason: 'locked' })
  })

  it('takes its limits from the options', async () => {
    const { failTimes } = setup({ freeFailures: 2, firstDelayMs: minutes(1) })
    expect((await failTimes('li', 2))[1]).toEqual({ ok: false, reason: 'locked', until: START + minutes(1) })
  })

  it('tracks a bounded number of names and addresses, so guessing cannot fill the memory', () => {
    const lockout = new Lockout(systemClock, { maxTracked: 100 })
    for (let i = 0; i < 1000; i++) lockout.fail(`name-${i}`, `10.0.${i >> 8}.${i & 255}`)
    expect(lockout.tracked).toBe(100)
  })
})

describe('password checks and the rest of the hub', () => {
  it('checks one password at a time and turns away what does not fit in a short queue', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 3 })
    const { auth } = setup({}, gate)
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => auth.check(`name-${i}`, 'wrong-pass', `10.0.0.${i}`)),
    )
    expect(results.filter((r) => !r.ok && r.reason === 'busy')).toHaveLength(8)
    expect(results.filter((r) => !r.ok && r.reason === 'bad-login')).toHaveLength(4)
    expect(gate.peak).toBe(1)
    expect(gate.refused).toBe(8)
  })

  it('rests between hashes while logins queue up, so a flood takes at most half a core', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 10 })
    const slow = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50))
    const started = performance.now()
    await Promise.all([gate.hash(slow), gate.hash(slow), gate.hash(slow)])
    // Three hashes of 50 ms and a rest of as long before each of the two that waited.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
    const alone = performance.now()
    await gate.hash(slow)
    expect(performance.now() - alone).toBeLessThan(1000)
    expect(gate.peak).toBe(1)
  })

  it('limits the failed logins of one address per minute, whatever the names', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(START)
    try {
      const auth = new Authenticator({
        lookup: async (name) => (name === 'li' ? li : undefined),
        lockout: new Lockout(systemClock),
        gate: new HashGate({ concurrency: 1, queue: 100 }),
        clock: systemClock,
        failuresPerAddressPerMin: 10,
      })
      for (let i = 0; i < 10; i++)
        expect(await auth.check(`name-${i}`, 'x', STRANGER)).toEqual({ ok: false, reason: 'bad-login' })
      expect(await auth.check('li', 'right-pass', STRANGER)).toEqual({
        ok: false,
        reason: 'too-many',
        until: START + minutes(1),
      })
      expect((await auth.check('li', 'right-pass', OWNER)).ok).toBe(true)
      vi.setSystemTime(START + minutes(1))
      expect((await auth.check('li', 'right-pass', STRANGER)).ok).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })
})
