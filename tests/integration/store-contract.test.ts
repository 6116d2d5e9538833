import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceClient, eventually, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

/**
 * The store's contract, run against every feature's use of it (issue #8): a commit that cannot be made
 * durable is answered 503 HUB_ERR_STORAGE_FULL and leaves everything a person can see as it was; the same
 * request once the disk takes writes again goes through. The store's fault switch makes every write fail
 * as a full disk would (the real full disk, on a tmpfs, is tests/integration/store-disk-full.test.ts).
 */

let t: TestHub
let manager: string
let sensor: MqttClient
const DAY = 86_400_000

beforeAll(async () => {
  t = await startTestHub({
    kiosk: { rateLimitPerMin: 100_000 },
    alerts: { temperature: { food: { delayMin: 0, clearAfterMin: 60 } } },
    stock: [
      {
        id: 'bandage',
        name: '创可贴',
        unit: '片',
        min: 2,
        target: 20,
        batches: [{ batch: 'B1', expires: '2030-01-01', quantity: 10 }],
      },
    ],
    screenings: [
      {
        id: 'bp',
        title: '免费测血压',
        organiser: '社区卫生服务中心',
        start: new Date(Date.now() + DAY).toISOString(),
        end: new Date(Date.now() + DAY + 3_600_000).toISOString(),
        place: '驿站活动室',
        capacity: 30,
      },
    ],
  })
  manager = await loginAs(t, 'manager')
  sensor = await deviceClient(t.mqttUrl)
})
afterAll(async () => {
  await sensor?.endAsync()
  await t?.close()
})

const json = (method: string, path: string, body?: unknown, cookie?: string) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const get = async (path: string, cookie = manager) => (await getJson(`${t.url}${path}`, cookie)).body

let phones = 0
const phone = () => `1370000${String(++phones).padStart(4, '0')}`

interface Case {
  name: string
  /** What a person sees of it: the same after the failed commit. */
  view: () => Promise<unknown>
  act: () => Promise<Response>
  prepare?: () => Promise<void>
}

const cases: Case[] = []
const add = (c: Case) => cases.push(c)

// Courier kiosk.
const checkinPhone = phone()
add({
  name: 'a check-in',
  view: async () => [
    await get('/api/checkins/stats?period=day'),
    await (await json('POST', '/api/checkins/lookup', { phone: checkinPhone })).json(),
  ],
  act: () => json('POST', '/api/checkins', { phone: checkinPhone, platform: 'meituan', purposes: ['rest'] }),
})
add({
  name: 'a screening sign-up (contact document and event)',
  view: async () => [await get('/api/screenings'), await get('/api/manage/screenings')],
  act: () => json('POST', '/api/screenings/bp/signups', { name: '陈小明', phone: phone(), consent: true }),
})
let code = ''
const cancelPhone = phone()
add({
  name: 'a courier cancelling a sign-up',
  prepare: async () => {
    const r = await json('POST', '/api/screenings/bp/signups', {
      name: '李四',
      phone: cancelPhone,
      consent: true,
    })
    code = ((await r.json()) as { code: string }).code
  },
  view: async () => [await get('/api/screenings'), await get('/api/manage/screenings')],
  act: () => json('DELETE', `/api/screenings/bp/signups/${code}`, { phone: cancelPhone }),
})
add({
  name: 'a take-out at the kiosk',
  view: () => get('/api/manage/stock'),
  act: () => json('POST', '/api/stock/takeouts', { item: 'bandage', quantity: 1 }),
})

// Manager console.
const notice = { category: 'jobs', title: '春风行动招聘会', body: '12 月 8 日，社区广场', until: null }
add({
  name: 'a new notice',
  view: () => get('/api/manage/notices'),
  act: () => json('POST', '/api/manage/notices', notice, manager),
})
let noticeId = ''
add({
  name: 'a notice changed',
  prepare: async () => {
    noticeId = (
      (await (await json('POST', '/api/manage/notices', notice, manager)).json()) as {
        notice: { id: string }
      }
    ).notice.id
  },
  view: () => get('/api/manage/notices'),
  act: () => json('PUT', `/api/manage/notices/${noticeId}`, { ...notice, title: '改了' }, manager),
})
add({
  name: 'a notice taken down',
  view: () => get('/api/manage/notices'),
  act: () => json('POST', `/api/manage/notices/${noticeId}/expire`, undefined, manager),
})
const event = {
  title: '义诊',
  organiser: '医院',
  start: new Date(Date.now() + 2 * DAY).toISOString(),
  end: new Date(Date.now() + 2 * DAY + 3_600_000).toISOString(),
  place: '驿站',
  capacity: 5,
}
add({
  name: 'a screening event created',
  view: () => get('/api/manage/screenings'),
  act: () => json('POST', '/api/manage/screenings', event, manager),
})
add({
  name: 'a screening event changed',
  view: () => get('/api/manage/screenings'),
  act: () =>
    json('PUT', '/api/manage/screenings/bp', { ...event, title: '改过的活动', capacity: 40 }, manager),
})
add({
  name: 'a screening event called off',
  view: () => get('/api/manage/screenings'),
  act: () => json('POST', '/api/manage/screenings/bp/cancel', undefined, manager),
})
add({
  name: 'a stock item added',
  view: () => get('/api/manage/stock'),
  act: () =>
    json(
      'POST',
      '/api/manage/stock/items',
      { id: 'ors', name: '口服补液盐', unit: '袋', min: 2, target: 10 },
      manager,
    ),
})
add({
  name: 'a stock item changed',
  view: () => get('/api/manage/stock'),
  act: () =>
    json(
      'PUT',
      '/api/manage/stock/items/bandage',
      { name: '创可贴', unit: '片', min: 5, target: 30 },
      manager,
    ),
})
add({
  name: 'a restock',
  view: () => get('/api/manage/stock'),
  act: () =>
    json(
      'POST',
      '/api/manage/stock/items/bandage/restock',
      { quantity: 5, batch: 'B2', expires: '2031-06-30' },
      manager,
    ),
})
let alertId = ''
add({
  name: 'an alert acknowledged',
  prepare: async () => {
    await json('POST', '/api/help', { reason: 'injured' })
    alertId = await eventually(async () => {
      const { alerts } = (await get('/api/manage/alerts')) as {
        alerts: { id: string; type: string; state: string }[]
      }
      return alerts.find((a) => a.type === 'help' && a.state === 'active')?.id
    })
  },
  view: () => get('/api/manage/alerts'),
  act: () => json('POST', `/api/manage/alerts/${alertId}/ack`, undefined, manager),
})
add({
  name: 'an alert resolved by hand',
  view: () => get('/api/manage/alerts'),
  act: () => json('POST', `/api/manage/alerts/${alertId}/resolve`, { note: '已送医' }, manager),
})
let excursion = ''
add({
  name: 'a cold-chain corrective action',
  prepare: async () => {
    await sensor.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: 9 }), {
      qos: 1,
    })
    excursion = await eventually(async () => {
      const r = (await get('/api/manage/coldchain/fridge-temp')) as { excursions: { id: string }[] }
      return r.excursions[0]?.id
    })
  },
  view: () => get('/api/manage/coldchain/fridge-temp'),
  act: () =>
    json(
      'POST',
      `/api/manage/coldchain/fridge-temp/excursions/${excursion}/action`,
      { action: '移走药品，报修' },
      manager,
    ),
})
add({
  name: 'a login (a session)',
  view: async () => t.hub.auth.sessions.size,
  act: () => json('POST', '/api/auth/login', { name: 'manager-1', password: 'correct horse battery' }),
})
let session = ''
add({
  name: 'a logout',
  prepare: async () => {
    session = await loginAs(t, 'staff', 'staff-logout')
  },
  view: async () => [t.hub.auth.sessions.size, (await getJson(`${t.url}/api/auth/me`, session)).status],
  act: () => json('POST', '/api/auth/logout', undefined, session),
})

describe('a commit the disk refuses', () => {
  for (const c of cases)
    it(`${c.name}: 503, and nothing a person sees changed; then it goes through`, async () => {
      await c.prepare?.()
      const before = await c.view()
      t.hub.store.faults.failWrites = true
      let refused: Response
      try {
        refused = await c.act()
      } finally {
        t.hub.store.faults.failWrites = false
      }
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toBe('60')
      expect(await refused.json()).toMatchObject({ code: 'HUB_ERR_STORAGE_FULL' })
      expect(await c.view()).toEqual(before)
      const again = await c.act()
      expect(again.status).toBeLessThan(300)
      expect(await c.view()).not.toEqual(before)
    })
})
