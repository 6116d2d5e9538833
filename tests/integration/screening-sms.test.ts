// Issue 10.1: with an SMS gateway configured (notify.sms, a generic HTTP SMS webhook), a courier moved up
// from the waiting list and everyone of an event called off get a text; each one the gateway takes marks the
// person told, and whoever it cannot reach stays on the console's list of people to call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'
import { startReceiver } from '../support/webhook-receiver.js'

const at = (ms: number) => new Date(Date.now() + ms).toISOString()
type Signup = { code: string; name: string | null; tell: string | null; toldAt: string | null }
type Managed = { id: string; toTell: number; signups: Signup[] }
type Sms = { id: string; to: string; text: string }

let rx: Awaited<ReturnType<typeof startReceiver>>
let t: TestHub
let manager: string
let refuse = false
let refused = 0

beforeAll(async () => {
  rx = await startReceiver(() => {
    if (!refuse) return { status: 200, body: '{}' }
    refused++
    return { status: 503, body: '' }
  })
  t = await startTestHub({
    station: { id: 'test', name: '宁华驿站' },
    kiosk: { rateLimitPerMin: 10_000 },
    notify: { sms: { url: rx.url('/sms'), token: 'gateway-token' } },
    screenings: [
      {
        id: 'eye',
        title: '眼科筛查',
        organiser: '市眼科医院',
        start: at(86_400_000),
        end: at(90_000_000),
        place: '驿站活动室',
        capacity: 1,
      },
    ],
  })
  manager = await loginAs(t, 'manager')
})
afterAll(async () => {
  await t?.close()
  await rx?.down()
})

const post = async (path: string, body?: unknown, cookie?: string) => {
  const res = await fetch(`${t.url}${path}`, {
    method: path.includes('/signups/') && !path.endsWith('/told') ? 'DELETE' : 'POST',
    headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return (await res.json()) as Record<string, unknown>
}
const signUp = (name: string, phone: string) =>
  post('/api/screenings/eye/signups', { name, phone, consent: true }) as Promise<{ code: string }>
const eye = async () =>
  (await getJson<{ screenings: Managed[] }>(`${t.url}/api/manage/screenings`, manager)).body.screenings.find(
    (s) => s.id === 'eye',
  ) as Managed
const texts = () => rx.received.map((r) => r.body as Sms)

describe('screening news by SMS', () => {
  it('texts a courier moved up from the waiting list, and marks them told', async () => {
    const first = await signUp('赵一', '13700000001')
    await signUp('钱二', '13700000002')
    await post(`/api/screenings/eye/signups/${first.code}`, { phone: '13700000001' })
    const sms = await eventually(() => texts().find((m) => m.to === '13700000002'))
    expect(sms.text).toMatch(
      /^【宁华驿站】钱二您好：您报名的“眼科筛查”（\d{4}-\d\d-\d\d \d\d:\d\d，驿站活动室）/,
    )
    expect(sms.text).toContain('已从排队转为正式名额')
    expect(rx.received[0]?.headers.authorization).toBe('Bearer gateway-token')
    await eventually(async () => (await eye()).toTell === 0)
    expect((await eye()).signups.find((u) => u.name === '钱二')?.toldAt).toEqual(expect.any(String))
  })

  it('texts everyone of an event called off; one the gateway refuses stays on the list to call', async () => {
    await signUp('孙三', '13700000003') // waiting behind 钱二
    rx.received.length = 0
    refuse = true
    await post('/api/manage/screenings/eye/cancel', undefined, manager)
    await eventually(() => refused > 0)
    expect((await eye()).toTell).toBe(2)
    refuse = false
    // The retry (2 s backoff) gets through: the two are told, and each got the cancellation.
    await eventually(() => texts().length === 2, 10_000)
    expect(texts().map((m) => m.to)).toEqual(['13700000002', '13700000003'])
    expect(texts().every((m) => m.text.includes('已取消，不用前往'))).toBe(true)
    await eventually(async () => (await eye()).toTell === 0)
  })
})
