import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Visit } from '../../server/couriers/visits.js'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

let t: TestHub
let cookie: string | undefined
/** Station figures are for staff and managers: a staff session, made once. */
const staff = async () => (cookie ??= await loginAs(t, 'staff'))
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())

async function post<T = Record<string, unknown>>(path: string, body: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as T }
}

type Stats = {
  period: string
  from: string
  to: string
  total: number
  byPlatform: Record<string, number>
  byPurpose: Record<string, number>
}

describe('courier check-in at the kiosk', () => {
  it('gives the kiosk its settings from the config', async () => {
    const { status, body } = await getJson<Record<string, unknown>>(`${t.url}/api/kiosk`)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      station: { id: 'test', name: '测试驿站' },
      idleResetSec: 60,
      confirmReturnSec: 6,
      screeningContactDays: 30,
    })
    expect((body.platforms as { id: string }[]).map((p) => p.id)).toContain('meituan')
    expect((body.purposes as { id: string; zh: string; en: string }[])[0]).toEqual({
      id: 'rest',
      zh: '歇脚休息',
      en: 'Rest',
    })
  })

  it('counts a new courier, recognises them on the next visit and pre-selects their platform', async () => {
    const unknown = await post('/api/checkins/lookup', { phone: '13700000001' })
    expect(unknown).toEqual({
      status: 200,
      body: { known: false, platform: null, purposes: [], visitsThisMonth: 0, repeat: false },
    })

    const first = await post<{ visit: Visit }>('/api/checkins', {
      phone: '13700000001',
      platform: 'eleme',
      purposes: ['rest', 'charge'],
    })
    expect(first.status).toBe(201)
    expect(first.body.visit).toMatchObject({
      platform: 'eleme',
      purposes: ['rest', 'charge'],
      phoneMasked: '137****0001',
      visitsThisMonth: 1,
      returning: false,
      repeat: false,
    })
    expect(Date.parse(first.body.visit.at)).toBeGreaterThan(Date.now() - 60_000)

    // Right after: a check-in now would be the same visit, and the count says so (issue #10 point 5).
    const known = await post('/api/checkins/lookup', { phone: '13700000001' })
    expect(known.body).toEqual({
      known: true,
      platform: 'eleme',
      purposes: ['rest', 'charge'],
      visitsThisMonth: 1,
      repeat: true,
    })
  })

  it('answers a second check-in within the repeat window with the same visit (200, repeat: true), not counted again', async () => {
    const body = { phone: '13700000002', platform: 'meituan', purposes: ['water'] }
    const first = await post<{ visit: Visit }>('/api/checkins', body)
    const again = await post<{ visit: Visit }>('/api/checkins', { ...body, purposes: ['meal'] })
    expect(again.status).toBe(200)
    expect(again.body.visit).toEqual({ ...first.body.visit, repeat: true })
    expect((await post('/api/checkins/lookup', { phone: '13700000002' })).body.visitsThisMonth).toBe(1)
  })

  it('counts today’s, this week’s and this month’s visits by platform and purpose', async () => {
    const before = await getJson<Stats>(`${t.url}/api/checkins/stats?period=day`, await staff())
    await post('/api/checkins', { phone: '13700000003', platform: 'sf', purposes: ['meal', 'water'] })
    await post('/api/checkins', { phone: '13700000004', platform: 'sf', purposes: ['meal'] })
    await post('/api/checkins', { phone: '13700000004', platform: 'sf', purposes: ['meal'] }) // a repeat
    for (const period of ['day', 'week', 'month']) {
      const { status, body } = await getJson<Stats>(
        `${t.url}/api/checkins/stats?period=${period}`,
        await staff(),
      )
      expect(status).toBe(200)
      expect(body.period).toBe(period)
      expect(Date.parse(body.from)).toBeLessThanOrEqual(Date.now())
      expect(Date.parse(body.to)).toBeGreaterThan(Date.now())
    }
    const after = await getJson<Stats>(`${t.url}/api/checkins/stats`, await staff())
    expect(after.body.period).toBe('day')
    expect(after.body.total - before.body.total).toBe(2)
    expect((after.body.byPlatform.sf ?? 0) - (before.body.byPlatform.sf ?? 0)).toBe(2)
    expect((after.body.byPurpose.meal ?? 0) - (before.body.byPurpose.meal ?? 0)).toBe(2)
    expect(after.body.byPlatform.dada).toBe(0)
  })

  it('refuses bad bodies with 400, naming each field and what it expects', async () => {
    const cases: [unknown, string[]][] = [
      [
        { phone: '1234', platform: 'meituan', purposes: ['rest'] },
        ['phone: expected a mainland mobile number, 11 digits starting 13–19'],
      ],
      [{ phone: 13700000009, platform: 'meituan', purposes: ['rest'] }, ['phone: expected a string']],
      [
        { phone: '13700000009', platform: 'uber', purposes: ['rest'] },
        ['platform: expected one of meituan, eleme'],
      ],
      [{ phone: '13700000009', platform: 'sf', purposes: [] }, ['purposes: expected at least 1 item']],
      [
        { phone: '13700000009', platform: 'sf', purposes: ['rest', 'rest'] },
        ['purposes: expected each item at most once'],
      ],
      [{ phone: '13700000009', platform: 'sf', purposes: ['nap'] }, ['purposes[0]: expected one of rest']],
      [{ phone: '13700000009', platform: 'sf', purposes: ['rest'], name: 'x' }, ['name: unknown field']],
      [{ platform: 'sf' }, ['phone: required, but missing', 'purposes: required, but missing']],
      // Eight unknown fields or more once made an empty message (TypeBox stops at 8 errors by default).
      [
        {
          phone: '13700000009',
          platform: 'sf',
          purposes: ['rest'],
          ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`extra${i}`, i])),
        },
        ['extra0: unknown field', 'extra1: unknown field'],
      ],
      ['13700000009', ['body: expected a JSON object']],
    ]
    for (const [body, parts] of cases) {
      const res = await post<{ code: string; message: string }>('/api/checkins', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('HUB_ERR_VALIDATION')
      for (const part of parts) expect(res.body.message).toContain(part)
      // The message names the field, never repeats the value (it may be someone's phone number).
      expect(res.body.message).not.toMatch(/1370000000\d/)
    }
    const lookup = await post<{ message: string }>('/api/checkins/lookup', { phone: '23700000001' })
    expect(lookup).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^phone: expected a mainland/) },
    })
    const stats = await getJson<{ message: string }>(`${t.url}/api/checkins/stats?period=year`, await staff())
    expect(stats).toMatchObject({
      status: 400,
      body: { message: 'period: expected one of day, week, month' },
    })
  })

  it('lists the new routes in the OpenAPI document', async () => {
    const { body } = await getJson<{ paths: Record<string, unknown> }>(`${t.url}/docs/json`)
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/kiosk',
        '/api/notices',
        '/api/checkins',
        '/api/checkins/lookup',
        '/api/checkins/stats',
        '/api/screenings',
        '/api/screenings/{id}/signups',
        '/api/screenings/{id}/signups/{code}',
        '/api/help',
      ]),
    )
  })
})
