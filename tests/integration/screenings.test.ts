import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, startTestHub, type TestHub } from '../support/hub.js'

const HOUR = 3_600_000
const at = (ms: number) => new Date(Date.now() + ms).toISOString()

let t: TestHub
beforeAll(async () => {
  t = await startTestHub({
    kiosk: { rateLimitPerMin: 10_000 },
    screenings: [
      {
        id: 'dental',
        title: '口腔检查',
        organiser: '市口腔医院',
        start: at(48 * HOUR),
        end: at(50 * HOUR),
        place: '二楼',
        capacity: 2,
      },
      {
        id: 'checkup',
        title: '免费体检',
        organiser: '妇幼保健院',
        start: at(24 * HOUR),
        end: at(26 * HOUR),
        place: '活动室',
        capacity: 20,
      },
      {
        id: 'now',
        title: '义诊',
        organiser: '卫生服务中心',
        start: at(-HOUR),
        end: at(HOUR),
        place: '康复室',
        capacity: 5,
      },
      {
        id: 'past',
        title: '旧活动',
        organiser: '卫生服务中心',
        start: at(-3 * HOUR),
        end: at(-2 * HOUR),
        place: '康复室',
        capacity: 5,
      },
    ],
  })
})
afterAll(() => t.close())

type Screening = { id: string; seatsLeft: number; waitlist: number; capacity: number }
type SignUp = {
  status: 'confirmed' | 'waitlisted'
  code: string
  position?: number
  screening: Record<string, string>
}

async function send<T = Record<string, unknown>>(method: string, path: string, body: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as T }
}
const signUp = (id: string, phone: string, name = '陈小明', consent: unknown = true) =>
  send<SignUp & { code: string; message: string }>('POST', `/api/screenings/${id}/signups`, {
    name,
    phone,
    consent,
  })
const cancel = (id: string, code: string, phone: string) =>
  send<{ cancelled: boolean; promoted: boolean; code: string }>(
    'DELETE',
    `/api/screenings/${id}/signups/${code}`,
    { phone },
  )
const screening = async (id: string) =>
  (await getJson<{ screenings: Screening[] }>(`${t.url}/api/screenings`)).body.screenings.find(
    (s) => s.id === id,
  )

describe('health screenings', () => {
  it('lists the events not yet over, soonest first, with places left', async () => {
    const { status, body } = await getJson<{ screenings: Record<string, unknown>[] }>(
      `${t.url}/api/screenings`,
    )
    expect(status).toBe(200)
    expect(body.screenings.map((s) => s.id)).toEqual(['now', 'checkup', 'dental'])
    expect(body.screenings[1]).toEqual({
      id: 'checkup',
      title: '免费体检',
      organiser: '妇幼保健院',
      start: expect.stringMatching(/Z$/),
      end: expect.stringMatching(/Z$/),
      place: '活动室',
      capacity: 20,
      seatsLeft: 20,
      waitlist: 0,
    })
  })

  it('never exceeds capacity: 50 sign-ups at the same instant for 20 places give 20 confirmed and 30 waiting, 1..30', async () => {
    const phones = Array.from({ length: 50 }, (_, i) => `139${String(i).padStart(8, '0')}`)
    const answers = await Promise.all(phones.map((p) => signUp('checkup', p, '王 芳')))
    expect(answers.map((a) => a.status)).toEqual(phones.map(() => 201))
    const confirmed = answers.filter((a) => a.body.status === 'confirmed')
    const waiting = answers.filter((a) => a.body.status === 'waitlisted')
    expect(confirmed).toHaveLength(20)
    expect(waiting.map((a) => a.body.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    )
    const codes = answers.map((a) => a.body.code)
    expect(new Set(codes).size).toBe(50)
    for (const c of codes) expect(c).toMatch(/^\d{6}$/)
    expect(answers[0]?.body.screening).toEqual({
      id: 'checkup',
      title: '免费体检',
      start: expect.any(String),
      place: '活动室',
    })
    expect(await screening('checkup')).toMatchObject({ seatsLeft: 0, waitlist: 30 })
  })

  it('refuses a second place for the same phone without telling its code', async () => {
    const first = await signUp('dental', '13800000001')
    expect(first.body.status).toBe('confirmed')
    const again = await signUp('dental', '13800000001', '另一个名字')
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('HUB_ERR_ALREADY_SIGNED_UP')
    expect(again.body.message).toMatch(/already signed up/)
    expect(again.body.message).not.toContain(first.body.code)
  })

  it('gives a cancelled confirmed place to the first on the waiting list; the rest move up', async () => {
    const b = await signUp('dental', '13800000002')
    const c = await signUp('dental', '13800000003')
    const d = await signUp('dental', '13800000004')
    expect([b.body.status, c.body.status, d.body.status]).toEqual(['confirmed', 'waitlisted', 'waitlisted'])
    expect([c.body.position, d.body.position]).toEqual([1, 2])

    const wrong = await cancel('dental', b.body.code, '13800000009')
    expect(wrong.status).toBe(404)
    expect(wrong.body.code).toBe('HUB_ERR_SIGNUP_NOT_FOUND')
    expect((await cancel('dental', '999999', '13800000002')).body).toEqual(wrong.body)

    expect(await cancel('dental', b.body.code, '13800000002')).toEqual({
      status: 200,
      body: { cancelled: true, promoted: true },
    })
    expect(await screening('dental')).toMatchObject({ seatsLeft: 0, waitlist: 1 })
    // c now holds b's place: d is first in line; giving up a waiting place promotes nobody.
    expect((await cancel('dental', d.body.code, '13800000004')).body).toEqual({
      cancelled: true,
      promoted: false,
    })
    expect((await cancel('dental', c.body.code, '13800000003')).body).toEqual({
      cancelled: true,
      promoted: false,
    })
    expect(await screening('dental')).toMatchObject({ seatsLeft: 1, waitlist: 0 })
    // A code cancelled is gone.
    expect((await cancel('dental', c.body.code, '13800000003')).status).toBe(404)
  })

  it('needs consent, a known open event, and a name of letters', async () => {
    for (const body of [{ consent: false }, {}]) {
      const res = await send<{ code: string; message: string }>('POST', '/api/screenings/dental/signups', {
        name: '陈小明',
        phone: '13800000010',
        ...body,
      })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('HUB_ERR_CONSENT_REQUIRED')
      expect(res.body.message).toMatch(/consent/)
    }
    expect((await signUp('nope', '13800000010')).body.code).toBe('HUB_ERR_SCREENING_NOT_FOUND')
    expect((await signUp('nope', '13800000010')).status).toBe(404)
    const closed = await signUp('now', '13800000010')
    expect(closed).toMatchObject({ status: 409, body: { code: 'HUB_ERR_SCREENING_CLOSED' } })
    expect((await signUp('past', '13800000010')).status).toBe(409)
    for (const name of ['', '   ', 'R2-D2', '<b>x</b>', '张'.repeat(21)]) {
      const res = await signUp('dental', '13800000010', name)
      expect(res.status, name).toBe(400)
      expect(res.body.message).toMatch(/^name: expected a name of 1–20 letters/)
    }
    const bad = await send<{ message: string }>('POST', '/api/screenings/dental/signups', {
      name: '陈',
      phone: '138',
      consent: 'yes',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('phone: expected a mainland mobile number')
    expect(bad.body.message).toContain('consent: expected a boolean')
    const badCode = await send<{ message: string }>('DELETE', '/api/screenings/dental/signups/12ab', {
      phone: '13800000010',
    })
    expect(badCode).toMatchObject({
      status: 400,
      body: { message: 'code: expected the 6-digit code given at sign-up' },
    })
  })
})
