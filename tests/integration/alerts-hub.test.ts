import type { MqttClient } from 'mqtt'
import { io as ioClient, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceClient, eventually, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

interface Alert {
  id: string
  type: string
  subject: string
  severity: string
  state: string
  value: number | null
  peak: number | null
  ackBy: string | null
  clearedBy: string | null
  note: string | null
  title: { zh: string; en: string }
}

let t: TestHub
let sensor: MqttClient
let manager: string
let screen: Socket
const heard: { event: string; alert: Alert }[] = []

beforeAll(async () => {
  // No delay and no clear wait, so the test sees the whole lifecycle in real time.
  t = await startTestHub({ alerts: { temperature: { food: { delayMin: 0, clearAfterMin: 0 } } } })
  sensor = await deviceClient(t.mqttUrl)
  manager = await loginAs(t, 'manager')
  screen = ioClient(`${t.url}/manager`, { transports: ['websocket'], extraHeaders: { cookie: manager } })
  screen.on('alert', (m: { event: string; alert: Alert }) => heard.push(m))
  await new Promise<void>((resolve) => screen.once('alerts', () => resolve()))
})
afterAll(async () => {
  screen?.close()
  await sensor?.endAsync()
  await t?.close()
})

const temp = (v: number) =>
  sensor.publishAsync('redstation/test/devices/fridge-temp', JSON.stringify({ temperature: v }), { qos: 1 })
async function post<T>(path: string, body?: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { cookie: manager, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: (await res.json()) as T }
}

describe('a fridge that goes warm', () => {
  it('raises an alert on the manager screens, which a manager acknowledges, and which clears when it cools', async () => {
    await temp(4)
    await temp(6.5)
    const raised = await eventually(() =>
      heard.find((m) => m.event === 'raised' && m.alert.type === 'temperature-high'),
    )
    expect(raised.alert).toMatchObject({
      subject: 'fridge-temp',
      severity: 'major',
      state: 'active',
      value: 6.5,
    })
    expect(raised.alert.title.zh).toContain('冰箱温度')

    await temp(7.2)
    await eventually(() => heard.find((m) => m.event === 'updated' && m.alert.peak === 7.2))
    // More readings within 5 s: the screens get the newest when the 5 s are up, not each one.
    for (const v of [7.4, 7.6, 7.9]) await temp(v)
    await eventually(() => heard.find((m) => m.event === 'updated' && m.alert.value === 7.9), 8000)
    expect(heard.filter((m) => m.event === 'updated').map((m) => m.alert.value)).toEqual([7.2, 7.9])
    const open = await getJson<{ alerts: Alert[] }>(`${t.url}/api/manage/alerts`, manager)
    expect(open.body.alerts.filter((a) => a.type === 'temperature-high')).toHaveLength(1) // a repeat, not a duplicate

    const ack = await post<{ alert: Alert }>(`/api/manage/alerts/${raised.alert.id}/ack`)
    expect(ack.body.alert).toMatchObject({ state: 'acknowledged', ackBy: 'manager-1' })

    await temp(3.8)
    const cleared = await eventually(() => heard.find((m) => m.event === 'cleared'))
    expect(cleared.alert).toMatchObject({ id: raised.alert.id, state: 'cleared', clearedBy: 'auto' })
    const history = await getJson<{ alerts: Alert[] }>(`${t.url}/api/manage/alerts/history`, manager)
    expect(history.body.alerts.map((a) => a.id)).toContain(raised.alert.id)
  })

  it('turns a courier’s help request into a critical alert at once, resolved by hand with a note', async () => {
    const res = await fetch(`${t.url}/api/help`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'unwell' }),
    })
    expect(res.status).toBe(201)
    const help = await eventually(() => heard.find((m) => m.event === 'raised' && m.alert.type === 'help'))
    expect(help.alert.severity).toBe('critical')
    const noNote = await post<{ code: string }>(`/api/manage/alerts/${help.alert.id}/resolve`, { note: '' })
    expect(noNote.status).toBe(400)
    const done = await post<{ alert: Alert }>(`/api/manage/alerts/${help.alert.id}/resolve`, {
      note: '已送去社区卫生服务中心',
    })
    expect(done.body.alert).toMatchObject({
      state: 'cleared',
      clearedBy: 'manager-1',
      note: '已送去社区卫生服务中心',
    })
  })

  it('lets staff see alerts but not act on them', async () => {
    const staff = await loginAs(t, 'staff')
    expect((await getJson(`${t.url}/api/manage/alerts`, staff)).status).toBe(200)
    const res = await fetch(`${t.url}/api/manage/alerts/whatever/ack`, {
      method: 'POST',
      headers: { cookie: staff },
    })
    expect(res.status).toBe(403)
  })
})
