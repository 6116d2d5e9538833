// The English the station config gives (`en`) reaches the kiosk's routes with what it translates, and the
// station's phone number reaches /api/kiosk (issue 10, points 13 and 19). A manager's change that does not
// give the English again removes it, since it translated the old text; one that gives it keeps it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString()

let t: TestHub
let cookie: string
let dataDir: string
const settings = {
  station: { id: 'test', name: '宁华驿站', phone: '0951-5012345', en: { name: 'Ninghua Station' } },
  devices: [{ id: 'fridge', kind: 'temperature', name: '午餐冰箱', en: { name: 'Lunch fridge' } }],
  stock: [
    {
      id: 'ibuprofen',
      name: '布洛芬',
      unit: '盒',
      min: 1,
      target: 5,
      en: { name: 'Ibuprofen', unit: 'box' },
    },
  ],
  notices: [
    {
      id: 'fair',
      category: 'jobs',
      title: '招聘会',
      body: '周六',
      en: { title: 'Job fair', body: 'Saturday' },
    },
  ],
  screenings: [
    {
      id: 'checkup',
      title: '免费体检',
      organiser: '妇幼保健院',
      start: at(24),
      end: at(26),
      place: '活动室',
      capacity: 5,
      en: { title: 'Free check-up', place: 'Activity room' },
    },
  ],
}
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-english-'))
  t = await startTestHub(settings, { dataDir })
  cookie = await loginAs(t, 'manager')
})
afterAll(async () => {
  await t.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function send(method: string, path: string, body: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('English texts from the station config', () => {
  it('gives the kiosk the station’s English name and its phone number', async () => {
    const { body } = await getJson<{ station: Record<string, unknown> }>(`${t.url}/api/kiosk`)
    expect(body.station).toMatchObject({ phone: '0951-5012345', en: { name: 'Ninghua Station' } })
  })

  it('carries the English of devices, medicines, notices and screenings to the kiosk’s routes', async () => {
    const state = await getJson<{ devices: Record<string, unknown>[] }>(`${t.url}/api/state`)
    expect(state.body.devices[0]).toMatchObject({ name: '午餐冰箱', en: { name: 'Lunch fridge' } })
    const stock = await getJson<{ items: Record<string, unknown>[] }>(`${t.url}/api/stock`)
    expect(stock.body.items[0]).toMatchObject({ unit: '盒', en: { name: 'Ibuprofen', unit: 'box' } })
    const notices = await getJson<{ notices: Record<string, unknown>[] }>(`${t.url}/api/notices`)
    expect(notices.body.notices[0]).toMatchObject({ en: { title: 'Job fair', body: 'Saturday' } })
    const list = await getJson<{ screenings: Record<string, unknown>[] }>(`${t.url}/api/screenings`)
    expect(list.body.screenings[0]).toMatchObject({ en: { title: 'Free check-up', place: 'Activity room' } })
  })

  it('keeps the English a manager gives with a change, and drops it with a change that leaves it out', async () => {
    const withEn = await send('PUT', '/api/manage/notices/fair', {
      category: 'jobs',
      title: '招聘会（改期）',
      body: '周日',
      en: { title: 'Job fair (moved)', body: 'Sunday' },
    })
    expect(withEn.status).toBe(200)
    expect(withEn.body.notice).toMatchObject({ en: { title: 'Job fair (moved)' } })
    const without = await send('PUT', '/api/manage/notices/fair', {
      category: 'jobs',
      title: '招聘会',
      body: '',
    })
    expect(without.body.notice).not.toHaveProperty('en')

    const item = await send('PUT', '/api/manage/stock/items/ibuprofen', {
      name: '布洛芬缓释胶囊',
      unit: '盒',
      min: 1,
      target: 5,
    })
    expect(item.status).toBe(200)
    expect(item.body.item).not.toHaveProperty('en')

    const screening = await send('PUT', '/api/manage/screenings/checkup', {
      title: '免费体检',
      organiser: '妇幼保健院',
      start: at(24),
      end: at(26),
      place: '活动室',
      capacity: 5,
      en: { title: '  Free health check ' },
    })
    expect(screening.status).toBe(200)
    expect((screening.body.screening as Record<string, unknown>).en).toEqual({ title: 'Free health check' })
  })

  it('keeps the English across a restart (the journal and the documents hold it)', async () => {
    await t.close()
    t = await startTestHub(settings, { dataDir })
    const list = await getJson<{ screenings: Record<string, unknown>[] }>(`${t.url}/api/screenings`)
    expect(list.body.screenings[0]).toMatchObject({ en: { title: 'Free health check' } })
    const notices = await getJson<{ notices: Record<string, unknown>[] }>(`${t.url}/api/notices`)
    expect(notices.body.notices[0]).not.toHaveProperty('en')
  })
})
