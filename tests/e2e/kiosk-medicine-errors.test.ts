// "我拿了药" when it cannot be recorded, on the real hub: the item ran out while the courier was counting,
// the hub refuses it (a kiosk that missed the live change), too many requests, and no hub at all. Each
// says so kindly from the i18n table, and nothing of what was picked is lost.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { startTestHub, type TestHub } from '../support/hub.js'
import { medicineStock } from './kiosk-medicine-data.js'
import {
  checkEverySize,
  expectKioskScreen,
  type KioskPage,
  openKiosk,
  postJson,
  SOON,
  tapButton,
} from './kiosk-page.js'

const settings = { stock: medicineStock, kiosk: { rateLimitPerMin: 3 } }
const NONE_LEFT = '这个药已经没有了，请联系驿站工作人员'

let hub: TestHub
let dataDir: string
let browser: Browser
let kiosk: KioskPage
let page: Page

const error = (p: Page) => p.locator('[data-testid="error"]')
const confirm = (p: Page) => p.locator('[data-testid="confirm-takeout"]')

async function pick(p: Page, id: string) {
  await p.locator('[data-testid="go-medicine"]').tap()
  await p.locator(`[data-testid="item-${id}"]`).tap()
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-e2e-medicine-errors-'))
  hub = await startTestHub(settings, { dataDir })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, hub.url)
  page = kiosk.page
  await page.locator('[data-stock-item="bandage"]').waitFor()
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('when a take-out cannot be recorded', () => {
  it('says none is left, live, when the item runs out while the courier is counting', async () => {
    await pick(page, 'bandage')
    await hub.hub.stock.takeOut('bandage', 20, 'manager')
    await error(page).waitFor({ timeout: 2000 })
    expect(await error(page).textContent()).toBe(NONE_LEFT)
    expect(await confirm(page).isDisabled()).toBe(true)
    await expectKioskScreen(page)
    await checkEverySize(page, 'medicine-none-left')
    await tapButton(page, '上一步')
    await expect
      .poll(() => page.locator('[data-testid^="item-"]').allTextContents(), SOON)
      .toEqual(['布洛芬缓释胶囊', '藿香正气水'])
    await page.locator('[data-testid="home"]').tap()
  })

  it('says none is left when the hub refuses the take-out (a kiosk that missed the live change)', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, hasTouch: true })
    const stale = await context.newPage()
    // The live link drops every `stock` event, as one lost between reconnections would be. Events go by
    // WebSocket only once socket.io has upgraded to it (the client's "5"); before, they come by polling.
    let upgraded: () => void
    const onWebSocket = new Promise<void>((resolve) => {
      upgraded = resolve
    })
    await stale.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer()
      ws.onMessage((m) => {
        server.send(m)
        if (m === '5') upgraded()
      })
      server.onMessage((m) => {
        if (!(typeof m === 'string' && m.startsWith('42["stock"'))) ws.send(m)
      })
    })
    await stale.goto(hub.url)
    await stale.locator('[data-stock-item="huoxiang"]').filter({ hasText: '有货' }).waitFor()
    await onWebSocket
    await hub.hub.stock.takeOut('huoxiang', 1, 'manager')
    await pick(stale, 'huoxiang')
    // No error yet: read once the count step is there, as a courier would see it before tapping 确认.
    await confirm(stale).waitFor()
    expect(await error(stale).count()).toBe(0)
    await tapButton(stale, '确认')
    await error(stale).waitFor()
    expect(await error(stale).textContent()).toBe(NONE_LEFT)
    expect(await confirm(stale).isDisabled()).toBe(true)
    await context.close()
  })

  it('asks the courier to wait when the kiosk sent too many requests', async () => {
    await pick(page, 'ibuprofen')
    let last = 0
    for (let i = 0; i < 4; i++)
      last = (await postJson(`${hub.url}/api/stock/takeouts`, { item: 'nothing', quantity: 1 })).status
    expect(last).toBe(429)
    await tapButton(page, '确认')
    await error(page).waitFor()
    expect(await error(page).textContent()).toBe('操作太频繁了，请稍等一分钟再试')
    expect(hub.hub.stock.view(hub.hub.stock.get('ibuprofen')).count).toBe(6)
  })

  it('says the hub cannot be reached when it is down, keeps the count, and records it once it is back', async () => {
    await tapButton(page, '多一个')
    const port = Number(new URL(hub.url).port)
    await hub.close()
    await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'visible', timeout: 3000 })
    await tapButton(page, '确认')
    await error(page).filter({ hasText: '连不上驿站主机' }).waitFor()
    expect(await page.textContent('[data-testid="quantity"]')).toBe('2 盒')
    await checkEverySize(page, 'medicine-offline')

    hub = await startTestHub({ ...settings, http: { host: '127.0.0.1', port } }, { dataDir })
    await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'detached', timeout: 12_000 })
    await tapButton(page, '确认')
    await page.locator('[data-testid="medicine-done"]').waitFor()
    expect(await page.textContent('[data-testid="taken"]')).toBe('布洛芬缓释胶囊 · 2 盒')
    expect(hub.hub.stock.view(hub.hub.stock.get('ibuprofen')).count).toBe(4)
    expect(kiosk.errors).toEqual([])
    // A hub stopped and started again, and the screen checked at five sizes: room for a busy machine.
  }, 45_000)
})
