import { io as ioClient } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceClient, eventually, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

interface Alert {
  id: string
  type: string
  subject: string
  state: string
}
interface Stock {
  items: { id: string; count: number; batches: { batch: string; quantity: number }[] }[]
  restock: { id: string; buy: number }[]
  expiring: { id: string; batch: string; expired: boolean }[]
}

let t: TestHub
let manager: string
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)

beforeAll(async () => {
  t = await startTestHub({
    stock: [
      { id: 'ibuprofen', name: '布洛芬', unit: '盒', min: 3, target: 10, compartment: 'medbox-ibuprofen' },
      {
        id: 'masks',
        name: '口罩',
        unit: '个',
        min: 5,
        target: 50,
        batches: [
          { batch: 'OLD', expires: inDays(-1), quantity: 2 },
          { batch: 'K1', expires: inDays(400), quantity: 5 },
        ],
      },
    ],
    alerts: { stock: { clearAfterMin: 0 } },
  })
  manager = await loginAs(t, 'manager')
})
afterAll(() => t.close())

const stock = async () => (await getJson<Stock>(`${t.url}/api/manage/stock`, manager)).body
const openAlerts = async () =>
  (await getJson<{ alerts: Alert[] }>(`${t.url}/api/manage/alerts`, manager)).body.alerts
async function send(method: string, path: string, body: unknown, cookie?: string) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('the medicine box', () => {
  it('counts an item by its compartment sensor and raises a restock alert at its minimum', async () => {
    // Before its sensor has spoken, a compartment item has no count: no restock alert at start.
    expect((await openAlerts()).filter((a) => a.subject === 'item:ibuprofen')).toEqual([])
    const sensor = await deviceClient(t.mqttUrl)
    await sensor.publishAsync('redstation/test/devices/medbox-ibuprofen', '{"count": 2}', { qos: 1 })
    await sensor.endAsync()
    await eventually(async () => (await stock()).items.find((i) => i.id === 'ibuprofen')?.count === 2)
    const low = await eventually(async () =>
      (await openAlerts()).find((a) => a.type === 'stock-low' && a.subject === 'item:ibuprofen'),
    )
    expect(low.state).toBe('active')
    // The compartment sensor itself does not alert a second time.
    expect(
      (await openAlerts()).filter((a) => a.subject === 'medbox-ibuprofen' && a.type === 'stock-low'),
    ).toEqual([])
    expect((await stock()).restock).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'ibuprofen', buy: 8 })]),
    )
  })

  it('flags an expired batch and a low item without a sensor; a restock clears the alert and the kiosk hears of it', async () => {
    const s = await stock()
    expect(s.expiring).toEqual([expect.objectContaining({ id: 'masks', batch: 'OLD', expired: true })])
    await eventually(async () =>
      (await openAlerts()).find((a) => a.type === 'batch-expired' && a.subject === 'masks'),
    )

    const kiosk = ioClient(t.url, { transports: ['websocket'] })
    const heard: { id: string; inStock: boolean }[] = []
    kiosk.on('stock', (m: { id: string; inStock: boolean }) => heard.push(m))
    await new Promise<void>((r) => kiosk.once('state', () => r()))
    // A courier takes three: 7 → 4, at or below the minimum of 5 (the expired batch goes first).
    expect((await send('POST', '/api/stock/takeouts', { item: 'masks', quantity: 3 })).status).toBe(201)
    await eventually(async () =>
      (await openAlerts()).find((a) => a.type === 'stock-low' && a.subject === 'item:masks'),
    )
    const restocked = await send(
      'POST',
      '/api/manage/stock/items/masks/restock',
      { quantity: 40, batch: 'K2', expires: inDays(500) },
      manager,
    )
    expect(restocked.status).toBe(200)
    expect(restocked.body.item).toMatchObject({ count: 44 })
    await eventually(
      async () => !(await openAlerts()).some((a) => a.type === 'stock-low' && a.subject === 'item:masks'),
    )
    await eventually(() => heard.some((h) => h.id === 'masks'))
    kiosk.close()
  })

  it('lets a manager add an item, refuses a duplicate id, and refuses staff', async () => {
    const body = { id: 'gauze', name: '纱布', unit: '卷', min: 2, target: 10 }
    expect((await send('POST', '/api/manage/stock/items', body, manager)).status).toBe(201)
    expect((await send('POST', '/api/manage/stock/items', body, manager)).body.code).toBe(
      'HUB_ERR_STOCK_ITEM_EXISTS',
    )
    const staff = await loginAs(t, 'staff')
    expect((await send('POST', '/api/manage/stock/items', { ...body, id: 'x' }, staff)).status).toBe(403)
    const pub = await getJson<{ items: { id: string; inStock: boolean }[] }>(`${t.url}/api/stock`)
    expect(pub.body.items.find((i) => i.id === 'gauze')).toEqual({
      id: 'gauze',
      name: '纱布',
      unit: '卷',
      inStock: false,
    })
  })

  it('refuses an unknown or mistyped field on a manager route with a 400 that names it, and changes nothing', async () => {
    const before = (await stock()).items.find((i) => i.id === 'masks')
    const typo = await send(
      'POST',
      '/api/manage/stock/items/masks/restock',
      { quantity: 5, expiry: inDays(100) }, // `expires` misspelt: silently dropping it would lose the date
      manager,
    )
    expect(typo.status).toBe(400)
    expect(typo.body).toMatchObject({ code: 'HUB_ERR_VALIDATION' })
    expect(typo.body.message).toContain('expiry: unknown field')
    const asText = await send('POST', '/api/manage/stock/items/masks/restock', { quantity: '5' }, manager)
    expect(asText.status).toBe(400)
    expect(asText.body.message).toContain('quantity: expected a')
    expect((await stock()).items.find((i) => i.id === 'masks')).toEqual(before)
  })
})
