import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs, startTestHub, type TestHub } from '../support/hub.js'

/**
 * Every route of the real app, as the app itself lists them: a route added later is tested here without
 * anyone remembering to. A route that is public must be named below, on purpose.
 */
const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/state',
  'GET /api/devices/:id/history',
  'GET /api/kiosk',
  'GET /api/notices',
  'POST /api/checkins',
  'POST /api/checkins/lookup',
  'GET /api/screenings',
  'POST /api/screenings/:id/signups',
  'DELETE /api/screenings/:id/signups/:code',
  'POST /api/help',
  'GET /api/stock',
  'POST /api/stock/takeouts',
  'GET /api/lockers',
  'POST /api/lockers/rentals',
  'POST /api/lockers/collect',
  'POST /api/auth/login',
  'POST /api/auth/logout',
])

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())

const routes = () => t.hub.auth.routes().filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
const fill = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => `x-${name}`)

async function call(method: string, url: string, cookie?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {}
  const init: RequestInit = { method, headers }
  if (method !== 'GET' && method !== 'DELETE') {
    headers['content-type'] = 'application/json'
    init.body = '{}'
  }
  const res = await fetch(`${t.url}${fill(url)}`, init)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('access to the API', () => {
  it('opens to the public only the routes named as public', () => {
    const open = routes()
      .filter((r) => r.access === 'public')
      .map((r) => `${r.method} ${r.url}`)
    expect(open.filter((r) => !PUBLIC.has(r))).toEqual([])
  })

  it('refuses every other route without a session, with no data in the answer', async () => {
    const closed = routes().filter((r) => r.access !== 'public')
    expect(closed.length).toBeGreaterThan(0)
    for (const r of closed) {
      const res = await call(r.method, r.url)
      expect(res.status, `${r.method} ${r.url}`).toBe(401)
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'HUB_ERR_LOGIN_REQUIRED',
        error: 'Unauthorized',
        message: expect.any(String),
      })
    }
  })

  it('lets staff read but not change what only a manager may change', async () => {
    const staff = await loginAs(t, 'staff')
    for (const r of routes().filter((x) => x.access === 'manager' && x.method !== 'GET')) {
      const res = await call(r.method, r.url, staff)
      expect(res.status, `${r.method} ${r.url}`).toBe(403)
      expect(res.body.code).toBe('HUB_ERR_FORBIDDEN')
    }
  })
})
