import { io as ioClient } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HelpRequest } from '../../server/bus/events.js'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

const at = (ms: number) => new Date(Date.now() + ms).toISOString()

async function post(t: TestHub, path: string, body: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> }
}

describe('notices and help', () => {
  let t: TestHub
  beforeAll(async () => {
    t = await startTestHub({
      notices: [
        { id: 'jobs', category: 'jobs', title: '招聘会', body: '周六上午' },
        { id: 'old', category: 'legal', title: '过期', body: '已结束', until: at(-60_000) },
        {
          id: 'aid',
          category: 'legal',
          title: '法律援助',
          body: '周三下午',
          until: '2099-01-01T00:00:00+08:00',
        },
      ],
    })
  })
  afterAll(() => t.close())

  it('shows the notices still in force, seeded from the config', async () => {
    const { status, body } = await getJson<{ notices: unknown[] }>(`${t.url}/api/notices`)
    expect(status).toBe(200)
    expect(body.notices).toEqual([
      { id: 'jobs', category: 'jobs', title: '招聘会', body: '周六上午', until: null },
      {
        id: 'aid',
        category: 'legal',
        title: '法律援助',
        body: '周三下午',
        until: '2098-12-31T16:00:00.000Z',
      },
    ])
  })

  it('pushes a help request at once to the manager screens, with the number to call back', async () => {
    // Without a session the manager namespace turns the socket away.
    const stranger = ioClient(`${t.url}/manager`, { transports: ['websocket'], reconnection: false })
    const refused = await new Promise<string>((resolve) =>
      stranger.once('connect_error', (e) => resolve(e.message)),
    )
    expect(refused).toBe('login required')
    stranger.close()
    const cookie = await loginAs(t, 'staff')
    const manager = ioClient(`${t.url}/manager`, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    })
    const kiosk = ioClient(t.url, { transports: ['websocket'], reconnection: false })
    try {
      await Promise.all([manager, kiosk].map((s) => new Promise<void>((resolve) => s.on('connect', resolve))))
      const kioskHeard: unknown[] = []
      kiosk.on('help', (h) => kioskHeard.push(h))
      const heard = new Promise<HelpRequest>((resolve) => manager.once('help', resolve))
      const res = await post(t, '/api/help', { reason: 'injured', phone: '13912345678' })
      expect(res.status).toBe(201)
      expect(res.body).toEqual({ id: expect.any(String), at: expect.any(String) })
      expect(await heard).toEqual({
        id: res.body.id,
        at: res.body.at,
        reason: 'injured',
        phoneMasked: '139****5678',
        phone: '13912345678', // to call the courier back (issue 10.1)
      })

      const anonymous = new Promise<HelpRequest>((resolve) => manager.once('help', resolve))
      expect((await post(t, '/api/help', { reason: 'phone-dead' })).status).toBe(201)
      expect(await anonymous).toMatchObject({ reason: 'phone-dead', phoneMasked: null, phone: null })
      expect(kioskHeard).toEqual([]) // the kiosk's own namespace never carries help requests
    } finally {
      manager.close()
      kiosk.close()
    }
    const bad = await post(t, '/api/help', { reason: 'bored' })
    expect(bad).toMatchObject({
      status: 400,
      body: { message: 'reason: expected one of unwell, injured, phone-dead, other' },
    })
  })
})

describe('the kiosk write routes’ rate limit', () => {
  let t: TestHub
  beforeAll(async () => {
    t = await startTestHub({
      kiosk: { rateLimitPerMin: 5 },
      screenings: [
        {
          id: 'e',
          title: '体检',
          organiser: '医院',
          start: at(86_400_000),
          end: at(90_000_000),
          place: '室',
          capacity: 3,
        },
      ],
    })
  })
  afterAll(() => t.close())

  it('is one budget per client address across check-in, lookup, sign-up, cancel and help, then 429 with a clear error', async () => {
    const statuses = [
      (await post(t, '/api/checkins', { phone: '13600000001', platform: 'jd', purposes: ['rest'] })).status,
      (await post(t, '/api/checkins/lookup', { phone: '13600000001' })).status,
      (await post(t, '/api/screenings/e/signups', { name: '李雷', phone: '13600000001', consent: true }))
        .status,
      (await post(t, '/api/help', { reason: 'other' })).status,
      (await post(t, '/api/checkins/lookup', { phone: 'not a phone' })).status, // a bad request counts too
    ]
    expect(statuses).toEqual([201, 200, 201, 201, 400])
    const limited = await post(t, '/api/help', { reason: 'unwell' })
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'HUB_ERR_RATE_LIMITED',
      error: 'Too Many Requests',
    })
    expect(limited.body.message).toMatch(
      /^Too many requests from this address \(at most 5 a minute\); try again in \d+/,
    )
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    const cancel = await fetch(`${t.url}/api/screenings/e/signups/123456`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13600000001' }),
    })
    expect(cancel.status).toBe(429)
    // Reading is not limited: the kiosk's screens keep working.
    for (const path of ['/api/kiosk', '/api/notices', '/api/screenings', '/api/state'])
      expect((await fetch(`${t.url}${path}`)).status, path).toBe(200)
  })
})
