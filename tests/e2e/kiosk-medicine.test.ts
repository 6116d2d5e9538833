// The medicine box at the kiosk on the real hub, by touch only: the home tile lists the items (有货 / 缺货),
// a courier logs what they took ("我拿了药"), the last one taken turns 缺货 on every kiosk live, a manager's
// restock turns it back without a reload, and a reconnection brings the full list again. Errors: kiosk-medicine-errors.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { loginAs, startTestHub, type TestHub } from '../support/hub.js'
import { day, medicineStock } from './kiosk-medicine-data.js'
import {
  checkEverySize,
  expectEnglishSwitch,
  expectKioskScreen,
  type KioskPage,
  openKiosk,
  PORTRAIT,
  SOON,
  screenName,
  tapButton,
} from './kiosk-page.js'

// The done screen is checked at five sizes before it goes home by itself: 15 s leaves room on a loaded machine.
const CONFIRM_SEC = 15
const stock = medicineStock
const settings = { stock, kiosk: { confirmReturnSec: CONFIRM_SEC } }

let hub: TestHub
let dataDir: string
let browser: Browser
/** The courier's kiosk (landscape), and a second one (portrait) that only watches its home screen. */
let kiosk: KioskPage
let watcher: KioskPage
let page: Page

const row = (p: Page, id: string) => p.locator(`[data-testid="tile-medicine"] [data-stock-item="${id}"]`)
const statusOf = (p: Page, id: string) => row(p, id).locator('[data-testid="status"]').textContent()

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-e2e-medicine-'))
  hub = await startTestHub(settings, { dataDir })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, hub.url)
  watcher = await openKiosk(browser, hub.url, PORTRAIT)
  page = kiosk.page
  // Marks the watcher's page: still there at the end means it never reloaded.
  await watcher.page.evaluate(() => Object.assign(window, { notReloaded: true }))
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function takeOut(id: string, extra = 0) {
  await page.locator('[data-testid="go-medicine"]').tap()
  await page.locator(`[data-testid="item-${id}"]`).tap()
  for (let i = 0; i < extra; i++) await page.locator('[data-testid="more"]').tap()
  await page.locator('[data-testid="confirm-takeout"]').tap()
  await page.locator('[data-testid="medicine-done"]').waitFor()
}

describe('the medicine box at the kiosk', () => {
  it('lists the items on the home tile, 有货 / 缺货; the compartment sensors stay on 设备状态', async () => {
    await row(page, 'ibuprofen').waitFor()
    expect(await row(page, 'ibuprofen').textContent()).toBe('布洛芬缓释胶囊有货')
    expect(await row(page, 'masks').textContent()).toBe('医用口罩缺货')
    expect(await row(page, 'huoxiang').textContent()).toBe('藿香正气水有货')
    expect(await page.locator('[data-testid="tile-medicine"] [data-tile-device]').count()).toBe(0)
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'I took medicine', '我拿了药')
    await checkEverySize(page, 'medicine-home')

    await page.locator('[data-testid="go-devices"]').tap()
    await page.locator('[data-device-id="medbox-ibuprofen"]').waitFor()
    expect(await page.textContent('main')).toContain('药箱·布洛芬')
    await page.locator('[data-testid="home"]').tap()
  })

  it('lets a courier log what they took by touch: item, − / + count, confirm, thanks, home by itself', async () => {
    await page.locator('[data-testid="go-medicine"]').tap()
    await expect.poll(() => screenName(page), SOON).toBe('medicine')
    await expect
      .poll(() => page.locator('[data-testid^="item-"]').allTextContents(), SOON)
      .toEqual(['布洛芬缓释胶囊', '藿香正气水', '创可贴'])
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'What did you take?', '您拿了哪一样？')
    await checkEverySize(page, 'medicine-pick')

    await page.locator('[data-testid="item-ibuprofen"]').tap()
    const quantity = page.locator('[data-testid="quantity"]')
    expect(await quantity.textContent()).toBe('1 盒')
    expect(await page.locator('[data-testid="fewer"]').isDisabled()).toBe(true)
    for (let i = 0; i < 9; i++) await tapButton(page, '多一个')
    await expect.poll(() => quantity.textContent(), SOON).toBe('10 盒')
    expect(await page.locator('[data-testid="more"]').isDisabled()).toBe(true)
    for (let i = 0; i < 8; i++) await tapButton(page, '少一个')
    await expect.poll(() => quantity.textContent(), SOON).toBe('2 盒')
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'How many 布洛芬缓释胶囊 did you take?', '布洛芬缓释胶囊：拿了多少？')
    await checkEverySize(page, 'medicine-count')

    await tapButton(page, '确认')
    await page.locator('[data-testid="medicine-done"]').waitFor()
    const shownAt = Date.now()
    expect(await page.textContent('[data-testid="medicine-done"] h2')).toBe('已记录，谢谢！')
    expect(await page.textContent('[data-testid="taken"]')).toBe('布洛芬缓释胶囊 · 2 盒')
    expect(await page.textContent('[data-testid="medicine-done"]')).toContain(
      '如身体不适，请按『我需要帮助』',
    )
    // First expired, first out: the batch that expires sooner went first.
    const item = hub.hub.stock.get('ibuprofen')
    expect(item.batches).toEqual([{ batch: 'BL2611', expires: day(300), quantity: 4 }])
    expect(await statusOf(watcher.page, 'ibuprofen')).toBe('有货')
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Noted, thank you!', '已记录，谢谢！')
    await checkEverySize(page, 'medicine-done')

    await page.locator('[data-screen="home"]').waitFor({ timeout: (CONFIRM_SEC + 2) * 1000 })
    expect(Date.now() - shownAt).toBeGreaterThanOrEqual((CONFIRM_SEC - 1) * 1000)
    // Three screens at five sizes and the wait for home: 24 s once on a loaded two-core machine (with 8 s).
  }, 60_000)

  it('turns the item 缺货 on every kiosk, live, when the last one is taken', async () => {
    expect(await statusOf(watcher.page, 'huoxiang')).toBe('有货')
    await takeOut('huoxiang')
    await row(watcher.page, 'huoxiang').filter({ hasText: '缺货' }).waitFor({ timeout: 2000 })
    await saveScreenshot(watcher.page, 'kiosk-medicine-out-1080x1920')
    await tapButton(page, '返回首页')
    await expect.poll(() => statusOf(page, 'huoxiang'), SOON).toBe('缺货')
    await page.locator('[data-testid="go-medicine"]').tap()
    // Not on the list: read once the list is there (counted on the home screen, it would be 0 anyway).
    await page.locator('[data-testid^="item-"]').first().waitFor()
    expect(await page.locator('[data-testid="item-huoxiang"]').count()).toBe(0)
    await page.locator('[data-testid="home"]').tap()
  })

  it('turns the item back to 有货 live when a manager restocks it, without a reload', async () => {
    const cookie = await loginAs(hub, 'manager')
    const res = await fetch(`${hub.url}/api/manage/stock/items/huoxiang/restock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ quantity: 10, batch: 'HX2611', expires: day(365) }),
    })
    expect(res.status).toBe(200)
    for (const p of [page, watcher.page])
      await row(p, 'huoxiang').filter({ hasText: '有货' }).waitFor({ timeout: 2000 })
    expect(await watcher.page.evaluate(() => 'notReloaded' in window)).toBe(true)
    await checkEverySize(watcher.page, 'medicine-restocked')
  })

  it('loads the whole list again when the hub comes back', async () => {
    const port = Number(new URL(hub.url).port)
    await hub.close()
    await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'visible', timeout: 3000 })
    // A restarted hub with an item added to the station file: only a fresh load can know of it.
    const iodine = { id: 'iodine', name: '碘伏棉签', unit: '包', min: 2, target: 10 }
    const restock = [{ batch: 'DF2601', expires: day(200), quantity: 5 }]
    hub = await startTestHub(
      { ...settings, stock: [...stock, { ...iodine, batches: restock }], http: { host: '127.0.0.1', port } },
      { dataDir },
    )
    for (const p of [page, watcher.page]) await row(p, 'iodine').waitFor({ timeout: 12_000 })
    expect(await statusOf(watcher.page, 'iodine')).toBe('有货')
    expect(await statusOf(watcher.page, 'huoxiang')).toBe('有货')
    expect(await watcher.page.evaluate(() => 'notReloaded' in window)).toBe(true)
    expect(kiosk.errors).toEqual([])
    expect(watcher.errors).toEqual([])
  }, 60_000)
})
