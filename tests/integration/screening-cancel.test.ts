// Cancelling a screening place when the code is lost or guessed (issue 10, point 12), on the real hub over
// HTTP. Without the code, the phone, the event and the name signed up with cancel it: a stranger who knows
// only the number cannot. Wrong tries (codes or names) slow down, per sign-up and per address, and a right
// code while slowed down is refused too, so waiting is the only way on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Clock, systemClock } from '../../server/clock.js'
import { startTestHub, type TestHub } from '../support/hub.js'

const HOUR = 3_600_000
const at = (ms: number) => new Date(Date.now() + ms).toISOString()

/** The hub's clock, moved on by the test to wait out a slowdown. */
let offsetMs = 0
const clock: Clock = { ...systemClock, now: () => Date.now() + offsetMs }

let t: TestHub
beforeAll(async () => {
  t = await startTestHub(
    {
      kiosk: { rateLimitPerMin: 10_000 },
      screenings: ['a', 'b', 'c'].map((id) => ({
        id,
        title: '免费体检',
        organiser: '妇幼保健院',
        start: at(24 * HOUR),
        end: at(26 * HOUR),
        place: '活动室',
        capacity: 20,
      })),
    },
    { clock },
  )
})
afterAll(() => t.close())

async function send<T = Record<string, unknown>>(method: string, path: string, body: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as T }
}
type Answer = { code: string; cancelled?: boolean; message?: string }
const signUp = (id: string, phone: string, name: string) =>
  send<{ code: string }>('POST', `/api/screenings/${id}/signups`, { name, phone, consent: true })
const cancelByCode = (id: string, code: string, phone: string) =>
  send<Answer>('DELETE', `/api/screenings/${id}/signups/${code}`, { phone })
const cancelByName = (id: string, phone: string, name: string) =>
  send<Answer>('POST', `/api/screenings/${id}/cancellations`, { phone, name })
const wrongCode = (code: string) => (code === '000000' ? '000001' : '000000')

describe('cancelling without the code', () => {
  it('cancels with the phone and the name signed up with, in any spacing or letter case', async () => {
    await signUp('a', '13800000001', 'Nguyễn Văn An')
    const answer = await cancelByName('a', '13800000001', '  nguyễn   văn AN ')
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ cancelled: true, promoted: false })
    // Gone: a second time finds nothing.
    expect((await cancelByName('a', '13800000001', 'Nguyễn Văn An')).body.code).toBe(
      'HUB_ERR_SIGNUP_NOT_FOUND',
    )
  })

  it('answers a wrong name exactly as a phone that never signed up', async () => {
    await signUp('a', '13800000002', '陈小明')
    const wrongName = await cancelByName('a', '13800000002', '陈晓明')
    const nobody = await cancelByName('a', '13800000099', '陈小明')
    expect(wrongName.status).toBe(404)
    expect(nobody.status).toBe(404)
    expect(wrongName.body).toEqual(nobody.body)
    expect((await cancelByName('a', '13800000002', '陈小明')).status).toBe(200)
  })

  it('needs the name: the phone alone is a 400 naming the field', async () => {
    const answer = await send<Answer>('POST', '/api/screenings/a/cancellations', { phone: '13800000002' })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toMatch(/name/)
  })
})

describe('wrong tries slow down', () => {
  it('per sign-up: three wrong codes, then a wait that doubles, and the right code waits too', async () => {
    const { body } = await signUp('b', '13900000001', '李四')
    for (let i = 0; i < 3; i++)
      expect((await cancelByCode('b', wrongCode(body.code), '13900000001')).status).toBe(404)
    const blocked = await cancelByCode('b', body.code, '13900000001')
    expect(blocked.status).toBe(429)
    expect(blocked.body.code).toBe('HUB_ERR_TOO_MANY_TRIES')
    expect(blocked.retryAfter).toBe('30')
    // A wrong name counts against the same sign-up.
    expect((await cancelByName('b', '13900000001', '李四')).status).toBe(429)

    offsetMs += 31_000
    expect((await cancelByCode('b', wrongCode(body.code), '13900000001')).status).toBe(404)
    const longer = await cancelByCode('b', body.code, '13900000001')
    expect(longer.status).toBe(429)
    expect(longer.retryAfter).toBe('60')

    offsetMs += 61_000
    const right = await cancelByCode('b', body.code, '13900000001')
    expect(right.status).toBe(200)
  })

  it('per address: ten wrong tries on different sign-ups, then this address waits', async () => {
    offsetMs += 2 * HOUR
    for (let i = 0; i < 10; i++)
      expect((await cancelByCode('c', '123456', `1370000000${i}`)).status).toBe(404)
    const blocked = await cancelByName('c', '13600000000', '王芳')
    expect(blocked.status).toBe(429)
    expect(blocked.body.code).toBe('HUB_ERR_TOO_MANY_TRIES')
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0)
    // Other kiosk routes are not slowed down by it.
    expect((await signUp('c', '13600000000', '王芳')).status).toBe(201)
  })
})
