// Every screen of the manager console against the real hub, filled as a station's week would fill it, on a
// 360×740 phone and a 1280×800 desktop: screenshots to tests/artifacts/manage-real-*.png, and the layout
// rules a phone needs (nothing wider than the screen, no tap target under 44 px).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { eventually } from '../support/hub.js'
import {
  type ConsoleHub,
  chinaDay,
  chinaTime,
  kiosk,
  MANAGER,
  openAlerts,
  startConsoleHub,
} from './manage-hub.js'
import { DESKTOP, fitsWidth, logIn, openConsole, PHONE, smallTargets } from './manage-page.js'

const HOUR = 3_600_000

let hub: ConsoleHub
let browser: Browser

/**
 * A week of a food fridge at 3–4.5 °C, warmest in the afternoon, every 20 minutes: written straight into
 * the hub's readings store, as the thermometer would have left it (MQTT stamps readings with "now").
 */
function fridgeWeek(now: number): [number, number][] {
  const points: [number, number][] = []
  for (let t = now - 7 * 24 * HOUR; t < now - HOUR; t += HOUR / 3) {
    const hourOfDay = (t / HOUR + 8) % 24
    const v = 3.7 + 0.6 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI) + 0.15 * Math.sin(t / 997_000)
    points.push([t, Math.round(v * 100) / 100])
  }
  return points
}

async function post(path: string, body?: unknown): Promise<{ id?: string }> {
  const { status, body: answer } = await hub.send<Record<string, { id?: string }>>('POST', path, body)
  if (status >= 300) throw new Error(`POST ${path}: ${status} ${JSON.stringify(answer)}`)
  return Object.values(answer ?? {})[0] ?? {}
}

/** What a week at the station leaves behind, through the hub's own routes and its sensors' topics. */
async function fillStation(): Promise<void> {
  for (const [t, v] of fridgeWeek(Date.now())) hub.t.hub.store.history.append('fridge-temp', t, v)
  await hub.t.hub.store.history.flush()
  await hub.publish('fridge-door', { contact: true, battery: 88 })
  await hub.publish('locker-03-door', { contact: false, battery: 14 })
  await hub.publish('medbox-ibuprofen', { count: 2 })
  await hub.publish('medbox-bandage', { weight: 150, battery: 61 })
  // An afternoon the door stayed ajar: an excursion, cleared, with what was done about it.
  for (const v of [4.1, 6.4, 7.3, 4.0]) await hub.temperature(v)
  const record = () =>
    hub.get<{ excursions: { id: string; end: string | null }[] }>('/api/manage/coldchain/fridge-temp')
  const first = await eventually(async () => (await record()).excursions.find((x) => x.end))
  await post(`/api/manage/coldchain/fridge-temp/excursions/${first.id}/action`, {
    action: '冰箱门没关严，已关好；食物检查后未丢弃',
  })
  // ...and it is warm again now, which the manager has seen.
  await hub.temperature(6.2)
  const warm = await eventually(async () =>
    (await openAlerts(hub)).find((a) => a.type === 'temperature-high'),
  )
  await post(`/api/manage/alerts/${warm.id}/ack`)
  await hub.send('POST', '/api/manage/stock/items/plaster/restock', {
    quantity: 20,
    batch: 'CK2611',
    expires: chinaDay(420),
  })
  for (const [phone, platform, purposes] of [
    ['13800000001', 'meituan', ['rest', 'water']],
    ['13800000002', 'meituan', ['charge']],
    ['13800000003', 'eleme', ['rest', 'meal']],
    ['13800000004', 'sf', ['water']],
    ['13800000005', 'meituan', ['restroom']],
  ] as const)
    await kiosk.checkIn(hub, phone, platform, [...purposes])
  await kiosk.signUp(hub, 'checkup', '陈小明', '13812341234')
  await kiosk.signUp(hub, 'checkup', '李华', '13900005678')
  await kiosk.signUp(hub, 'checkup', '王芳', '15000001111')
  await post('/api/manage/screenings', {
    title: '颈肩腰腿义诊与康复按摩',
    organiser: '社区卫生服务中心',
    start: chinaTime(4, '14:00'),
    end: chinaTime(4, '16:00'),
    place: '驿站康复室',
    capacity: 12,
  })
  const called = await post('/api/manage/screenings', {
    title: '口腔检查',
    organiser: '市口腔医院志愿者',
    start: chinaTime(6, '10:00'),
    end: chinaTime(6, '12:00'),
    place: '社区党群服务中心二楼',
    capacity: 3,
  })
  await post(`/api/manage/screenings/${called.id}/cancel`)
  await post('/api/manage/notices', {
    category: 'jobs',
    title: '春风行动招聘会：多家企业招工，包食宿',
    body: '本周六上午 9 点，社区党群服务中心一楼。带身份证即可，现场面试。',
    until: chinaTime(6, '12:00'),
  })
  const old = await post('/api/manage/notices', {
    category: 'insurance',
    title: '职业伤害保障：上月集中办理已结束',
    body: '社区服务中心一楼社保窗口，工作日 9:00–17:00。',
  })
  await post(`/api/manage/notices/${old.id}/expire`)
}

beforeAll(async () => {
  hub = await startConsoleHub()
  await fillStation()
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

/** Each screen: where it is, and what shows once it has its data. */
const screens = [
  { name: 'alerts', hash: '#alerts', ready: '[data-testid="alert"]' },
  { name: 'history', hash: '#alerts/history', ready: '[data-testid="history"]' },
  { name: 'devices', hash: '#devices', ready: '[data-device-id="fridge-temp"]' },
  { name: 'fridge', hash: '#devices/fridge-temp', ready: '[data-testid="excursion"], .chart canvas' },
  { name: 'stock', hash: '#stock', ready: '[data-item-id="plaster"]' },
  { name: 'screenings', hash: '#screenings', ready: '[data-screening-id="checkup"]' },
  { name: 'notices', hash: '#notices', ready: '[data-notice-id]' },
  { name: 'stats', hash: '#stats', ready: '[data-testid="stats"] .chart canvas, [data-testid="total"]' },
] as const

async function show(page: Page, screen: (typeof screens)[number]): Promise<void> {
  await page.evaluate((hash) => {
    location.hash = hash
  }, screen.hash)
  for (const selector of screen.ready.split(', ')) await page.locator(selector).first().waitFor()
  if (screen.name === 'screenings')
    await page.locator('[data-screening-id="checkup"] button', { hasText: '报名名单' }).tap()
  // uPlot sizes itself on the next frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}

describe('every screen with a station’s data', () => {
  it('fits a 360×740 phone, with tap targets of at least 44 px', async () => {
    const { context, page, errors } = await openConsole(browser, PHONE)
    await logIn(page, hub.url, MANAGER)
    // A call for help shows on the screens open when it comes, on every tab: sent once the console's live
    // link is up (on a busy machine it came before, and no banner was due).
    await page.locator('[data-manager-link="connected"]').waitFor()
    await kiosk.help(hub, 'unwell', '13812341234')
    await page.locator('[data-testid="help"]').waitFor()
    for (const screen of screens) {
      await show(page, screen)
      expect(await fitsWidth(page), screen.name).toBe(true)
      expect(await smallTargets(page), screen.name).toEqual([])
      await saveScreenshot(page, `manage-real-${screen.name}-360x740`)
    }
    expect(errors).toEqual([])
    await context.close()
  })

  it('lays out on a 1280×800 desktop', async () => {
    const { context, page, errors } = await openConsole(browser, DESKTOP)
    await logIn(page, hub.url, MANAGER)
    for (const screen of screens) {
      await show(page, screen)
      expect(await fitsWidth(page), screen.name).toBe(true)
      await saveScreenshot(page, `manage-real-${screen.name}-1280x800`)
    }
    expect(errors).toEqual([])
    await context.close()
  })
})
