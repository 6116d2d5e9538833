// The kiosk in English on the real hub (issue 10, point 13): the station's, the devices', the medicines',
// the notices' and the screenings' own texts in English where the station config gives it (`en`), in
// Chinese where it does not; units counted as English counts them (1 box, 2 boxes); the same day written
// in words in each language; and the kiosk's own wording as an English speaker would put it.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { startTestHub, type TestHub } from '../support/hub.js'
import { day } from './kiosk-medicine-data.js'
import { checkEverySize, chinaTime, type KioskPage, openKiosk, SOON } from './kiosk-page.js'

let hub: TestHub
let browser: Browser
let kiosk: KioskPage
let page: Page

beforeAll(async () => {
  hub = await startTestHub({
    station: { id: 'test', name: '宁华社区红色驿站', en: { name: 'Ninghua Community Red Station' } },
    devices: [
      { id: 'fridge-temp', kind: 'temperature', name: '午餐冰箱', en: { name: 'Lunch fridge' } },
      { id: 'fridge-door', kind: 'door', name: '冰箱门' },
    ],
    stock: [
      {
        id: 'ibuprofen',
        name: '布洛芬缓释胶囊',
        unit: '盒',
        min: 1,
        target: 5,
        en: { name: 'Ibuprofen capsules', unit: 'box' },
        batches: [{ batch: 'B1', expires: day(200), quantity: 4 }],
      },
      {
        id: 'huoxiang',
        name: '藿香正气水',
        unit: '支',
        min: 1,
        target: 5,
        batches: [{ batch: 'H1', expires: day(200), quantity: 4 }],
      },
    ],
    notices: [
      {
        id: 'fair',
        category: 'jobs',
        title: '社区招聘会本周六举行',
        body: '外卖、快递、仓储岗位都有。',
        en: { title: 'Job fair this Saturday', body: 'Delivery, courier and warehouse jobs.' },
      },
      { id: 'law', category: 'legal', title: '免费法律咨询', body: '每周三下午。' },
    ],
    screenings: [
      {
        id: 'checkup',
        title: '免费体检：血压、血糖',
        organiser: '宁夏妇幼保健院',
        start: chinaTime(1, '09:00'),
        end: chinaTime(1, '11:30'),
        place: '驿站活动室',
        capacity: 20,
        en: {
          title: 'Free check-up: blood pressure, blood sugar',
          organiser: 'Ningxia Maternal and Child Health Hospital',
          place: 'Station activity room',
        },
      },
      {
        id: 'dental',
        title: '口腔检查',
        organiser: '市口腔医院',
        start: chinaTime(2, '14:00'),
        end: chinaTime(2, '16:00'),
        place: '二楼',
        capacity: 1,
      },
    ],
  })
  // Someone took the only dental place: that event is full.
  await fetch(`${hub.url}/api/screenings/dental/signups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: '李四', phone: '13700000001', consent: true }),
  })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, hub.url)
  page = kiosk.page
  await page.locator('[data-notice-id="fair"]').waitFor()
  await page.locator('.lang-switch').tap()
  await page.getByText('Check in', { exact: true }).waitFor()
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim()

describe('the kiosk in English', () => {
  it('shows the station, its devices, medicines and notices in English where the config gives it', async () => {
    expect(await text('[data-testid="station-name"]')).toBe('Ninghua Community Red Station')
    expect(await text('[data-tile-device="fridge-temp"] .tile__name')).toBe('Lunch fridge')
    expect(await text('[data-stock-item="ibuprofen"] .tile__name')).toBe('Ibuprofen capsules')
    // No English given: the Chinese, as it is.
    expect(await text('[data-stock-item="huoxiang"] .tile__name')).toBe('藿香正气水')
    expect(await text('[data-notice-id="fair"] .notice__title')).toBe('Job fair this Saturday')
    expect(await text('[data-notice-id="fair"] .notice__body')).toBe('Delivery, courier and warehouse jobs.')
    expect(await text('[data-notice-id="law"] .notice__title')).toBe('免费法律咨询')
    expect(await text('[data-testid="go-medicine"]')).toBe('I took medicine')
    await checkEverySize(page, 'english-home')
  })

  it('counts in English units: 1 box, 2 boxes', async () => {
    await page.locator('[data-testid="go-medicine"]').tap()
    expect(await text('[data-testid="item-ibuprofen"]')).toBe('Ibuprofen capsules')
    await page.locator('[data-testid="item-ibuprofen"]').tap()
    // The list before it has a .prompt__text too: wait for the count step's.
    await expect.poll(() => text('.prompt__text'), SOON).toBe('How many Ibuprofen capsules did you take?')
    expect(await text('[data-testid="quantity"]')).toBe('1 box')
    await page.locator('[data-testid="more"]').tap()
    await expect.poll(() => text('[data-testid="quantity"]'), SOON).toBe('2 boxes')
    expect(await text('.prompt__hint')).toBe('Tap − or + to change the number (up to 10 boxes at a time)')
    await checkEverySize(page, 'english-medicine-count')
    await page.locator('[data-testid="home"]').tap()
  })

  it('shows screenings with their English title, organiser and place, and the day in words', async () => {
    await page.locator('[data-testid="go-screenings"]').tap()
    const checkup = page.locator('[data-screening-id="checkup"]')
    await checkup.waitFor()
    expect(await checkup.locator('.event__title').textContent()).toBe(
      'Free check-up: blood pressure, blood sugar',
    )
    expect(await checkup.locator('.event__place').textContent()).toBe('Station activity room')
    expect(await checkup.locator('.event__organiser').textContent()).toBe(
      'Run by Ningxia Maternal and Child Health Hospital',
    )
    expect(await checkup.locator('.event__when').textContent()).toMatch(
      /^Tomorrow, (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, 09:00–11:30$/,
    )
    const dental = page.locator('[data-screening-id="dental"]')
    expect(await dental.locator('.event__title').textContent()).toBe('口腔检查')
    // A full event, in one word for the same thing: the waiting list.
    expect(await dental.locator('[data-testid="seats"]').textContent()).toBe('Full')
    expect(await dental.getByRole('button').textContent()).toBe('Join the waiting list')
    await checkEverySize(page, 'english-screenings')
  })

  it('starts a name in letters, with a hint about letters only', async () => {
    await page
      .locator('[data-screening-id="checkup"]')
      .getByRole('button', { name: 'Sign up', exact: true })
      .tap()
    // A name in letters, as English mode suggests; the hint says so, with no pinyin talk.
    await page.locator('.simple-keyboard [data-skbtn="q"]').waitFor()
    // An empty name takes the page's language in an effect (letters, no candidate bar): wait for its hint.
    await expect.poll(() => text('.prompt__hint'), SOON).toBe('Type your name in letters')
    expect(await page.locator('[data-testid="candidates"]').count()).toBe(0)
    await checkEverySize(page, 'english-signup-name')
    await page.locator('[data-testid="home"]').tap()
    expect(kiosk.errors).toEqual([])
  })
})
