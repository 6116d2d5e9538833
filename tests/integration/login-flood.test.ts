import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../server/auth/password.js'
import { startTestHub, type TestHub } from '../support/hub.js'

/**
 * Issue 9 point 2: 64 parallel wrong logins once filled libuv's thread pool with scrypt, and the kiosk's
 * check-ins, whose journal writes queued behind them, took seconds. A login flood from 64 addresses
 * (loopback 127.0.1.x, bounded, stops by itself) with real-cost hashes, while a courier checks in.
 */
let t: TestHub

beforeAll(async () => {
  t = await startTestHub({
    users: [{ name: 'manager', role: 'manager', passwordHash: await hashPassword('the-real-one') }],
  })
})
afterAll(() => t.close())

function post(path: string, body: unknown, localAddress = '127.0.0.1') {
  const text = JSON.stringify(body)
  return new Promise<{ status: number; code?: string; ms: number }>((resolve, reject) => {
    const started = performance.now()
    const req = request(
      `${t.url}${path}`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (res) => {
        let answer = ''
        res.on('data', (d) => (answer += d))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            code: (JSON.parse(answer) as { code?: string }).code,
            ms: performance.now() - started,
          }),
        )
      },
    )
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    req.end(text)
  })
}

describe('a flood of wrong logins', () => {
  it('hashes one password at a time, turns the rest away at once, and leaves check-ins alone', async () => {
    const flood = Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        post('/api/auth/login', { name: `guess-${i}`, password: 'wrong' }, `127.0.1.${i + 1}`),
      ),
    )
    const checkins = []
    for (let i = 0; i < 5; i++) {
      const phone = `1370000${String(1000 + i)}`
      checkins.push(await post('/api/checkins', { phone, platform: 'meituan', purposes: ['rest'] }))
    }
    const logins = await flood
    expect(checkins.map((c) => c.status)).toEqual(Array(5).fill(201))
    const busy = logins.filter((r) => r.status === 429 && r.code === 'HUB_ERR_LOGIN_BUSY')
    const checked = logins.filter((r) => r.status === 401)
    expect(busy.length + checked.length).toBe(64)
    expect(checked.length).toBeLessThanOrEqual(10)
    expect(t.hub.auth.hashing.peak).toBe(1)
    // Turned away without hashing, the answer held back about 2 s (server/http/tarpit.ts) so that a flood
    // cannot make the hub answer refusals as fast as it can.
    expect(Math.min(...busy.map((r) => r.ms))).toBeGreaterThanOrEqual(1400)
  })
})
