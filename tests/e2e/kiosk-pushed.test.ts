// Issue 10.10: a notice put up or taken down, and a screening created, changed or filled, reach a kiosk
// that is open at the time, pushed over socket.io as device states are (they took up to 5 minutes: a poll).
// The kiosk in real Chromium, the manager's changes over the real hub's HTTP API.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { openKiosk } from './kiosk-page.js'
import { type ConsoleHub, chinaTime, kiosk, startConsoleHub } from './manage-hub.js'

let hub: ConsoleHub
let browser: Browser
let page: Page

beforeAll(async () => {
  hub = await startConsoleHub()
  browser = await launchChromium()
  page = (await openKiosk(browser, hub.t.url)).page
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

/** Well under the poll the kiosk had (5 minutes), and what a person waiting at the screen notices. */
const LIVE_MS = 2000

describe('what a manager changes reaches an open kiosk at once', () => {
  it('shows a notice as it is put up, and drops it as it is taken down', async () => {
    const notices = page.locator('[data-testid="tile-notices"]')
    await notices.locator('[data-notice-id="legal-aid"]').waitFor()
    const made = await hub.send<{ notice: { id: string } }>('POST', '/api/manage/notices', {
      category: 'jobs',
      title: '快递分拣中心招夜班',
      body: '周五前报名，包夜宵。',
    })
    expect(made.status).toBe(201)
    await notices.locator('.notice', { hasText: '快递分拣中心招夜班' }).waitFor({ timeout: LIVE_MS })

    await hub.send('POST', `/api/manage/notices/${made.body.notice.id}/expire`)
    await notices.locator('.notice', { hasText: '快递分拣中心招夜班' }).waitFor({
      state: 'detached',
      timeout: LIVE_MS,
    })
  })

  it('shows a new screening on the open list, and its places as they are taken', async () => {
    await page.locator('[data-testid="go-screenings"]').tap()
    const list = page.locator('[data-screen="screenings"]')
    await list.locator('[data-screening-id="checkup"]').waitFor()
    const made = await hub.send<{ screening: { id: string } }>('POST', '/api/manage/screenings', {
      title: '免费测视力',
      organiser: '市眼科医院',
      start: chinaTime(3, '09:00'),
      end: chinaTime(3, '11:00'),
      place: '驿站活动室',
      capacity: 2,
    })
    expect(made.status).toBe(201)
    const card = list.locator(`[data-screening-id="${made.body.screening.id}"]`)
    await card.waitFor({ timeout: LIVE_MS })
    expect(await card.locator('[data-testid="seats"]').textContent()).toBe('剩余 2 个名额')

    expect((await kiosk.signUp(hub, made.body.screening.id, '陈小明', '13812341234')).status).toBe(201)
    await card.locator('[data-testid="seats"]', { hasText: '剩余 1 个名额' }).waitFor({ timeout: LIVE_MS })

    await hub.send('POST', `/api/manage/screenings/${made.body.screening.id}/cancel`)
    await card.waitFor({ state: 'detached', timeout: LIVE_MS })
  })
})
