// Every kiosk screen on a 10-inch 1024×600 panel and the other sizes (issue 10, point 2), on a real hub
// with more than fits: eight screenings, six notices, eleven devices, eight medicines. The page itself never
// scrolls; a list longer than its space scrolls by touch and says so; the buttons and the red 我需要帮助
// stay in view on every screen. The flows' own screens are checked the same way in their own tests.
import type { Browser, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { startTestHub, type TestHub, testDevices } from '../support/hub.js'
import { medicineStock } from './kiosk-medicine-data.js'
import {
  checkEverySize,
  chinaTime,
  type KioskPage,
  layoutProblems,
  openKiosk,
  SMALL,
  screenName,
} from './kiosk-page.js'

const screenings = Array.from({ length: 8 }, (_, i) => ({
  id: `event-${i + 1}`,
  title: ['免费体检：血压、血糖、心电图', '口腔检查', '视力筛查', '中医义诊'][i % 4] as string,
  organiser: '宁夏妇幼保健院',
  start: chinaTime(i + 1, '09:00'),
  end: chinaTime(i + 1, '11:30'),
  place: '驿站活动室',
  capacity: 20,
}))

const notices = Array.from({ length: 6 }, (_, i) => ({
  id: `notice-${i + 1}`,
  category: (['jobs', 'legal', 'insurance', 'health', 'other', 'jobs'] as const)[i] as 'jobs',
  title: `通知 ${i + 1}：社区招聘会本周六上午在党群服务中心举行`,
  body: '现场有 20 多家企业，外卖、快递、仓储岗位都有，带上身份证。',
}))

const devices = [
  ...testDevices,
  ...Array.from({ length: 6 }, (_, i) => ({
    id: `locker-${i + 4}-door`,
    kind: 'door',
    name: `充电柜 ${i + 4} 号门`,
  })),
]

const stock = [
  ...medicineStock,
  ...['感冒灵颗粒', '碘伏棉签', '风油精', '止泻药'].map((name, i) => ({
    id: `extra-${i}`,
    name,
    unit: '盒',
    min: 1,
    target: 5,
    batches: [{ batch: `X${i}`, expires: chinaTime(200, '00:00').slice(0, 10), quantity: 3 }],
  })),
]

let hub: TestHub
let browser: Browser
let kiosk: KioskPage
let page: Page

beforeAll(async () => {
  hub = await startTestHub({ screenings, notices, devices, stock })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, hub.url, SMALL)
  page = kiosk.page
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

/** A finger put down low on `box`, drawn up by 60 % of its height in small steps, and lifted. */
async function swipeUp(cdp: CDPSession, box: { x: number; y: number; width: number; height: number }) {
  const x = Math.round(box.x + box.width / 2)
  const from = Math.round(box.y + box.height * 0.8)
  const steps = 12
  const step = (box.height * 0.6) / steps
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: from }] })
  for (let i = 1; i <= steps; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: [{ x, y: Math.round(from - i * step) }],
    })
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
}

describe('kiosk screens with more than fits', () => {
  it('fits the home screen with its notices, fridge and medicine box', async () => {
    await page.locator('[data-testid="tile-notices"] [data-notice-id]').first().waitFor()
    await checkEverySize(page, 'home-full')
  })

  it('fits the device status screen with eleven devices', async () => {
    await page.locator('[data-testid="go-devices"]').tap()
    await page.locator('[data-device-id]').first().waitFor()
    await checkEverySize(page, 'devices-full')
    await page.locator('[data-testid="home"]').tap()
  })

  it('fits the medicine list with eight medicines', async () => {
    await page.locator('[data-testid="go-medicine"]').tap()
    await page.locator('[data-testid^="item-"]').first().waitFor()
    await checkEverySize(page, 'medicine-full')
    await page.locator('[data-testid="home"]').tap()
  })

  it('fits the screenings list and the choice of the sign-up to cancel', async () => {
    await page.locator('[data-testid="go-screenings"]').tap()
    await page.locator('[data-screening-id]').first().waitFor()
    await checkEverySize(page, 'screenings-full')
    await page.locator('[data-testid="go-cancel"]').tap()
    await page.locator('[data-testid="cancel-event-1"]').waitFor()
    await checkEverySize(page, 'cancel-pick-full')
    await page.locator('[data-testid="home"]').tap()
  })

  it('says a long list goes on, and scrolls it by touch to its end, where the note goes', async () => {
    await page.locator('[data-testid="go-screenings"]').tap()
    const list = page.locator('[data-scroll]').first()
    await page.locator('[data-screening-id]').first().waitFor()
    const more = page.locator('[data-testid="more-below"]')
    await more.waitFor({ state: 'visible' })
    expect(await more.textContent()).toMatch(/向上滑动/)
    const box = await list.boundingBox()
    if (!box) throw new Error('no list on the screen')
    const cdp = await page.context().newCDPSession(page)
    const last = page.locator('[data-screening-id="event-8"]')
    for (
      let i = 0;
      i < 12 && !(await last.evaluate((el) => el.getBoundingClientRect().bottom <= innerHeight));
      i++
    )
      await swipeUp(cdp, box)
    expect(await list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0)
    expect(await layoutProblems(page)).toEqual([])
    await more.waitFor({ state: 'hidden', timeout: 2000 })
    // The page itself did not move: the top bar and its buttons are where they were.
    expect(await page.evaluate(() => document.scrollingElement?.scrollTop)).toBe(0)
    expect(await screenName(page)).toBe('screenings')
    expect(kiosk.errors).toEqual([])
  })
})
