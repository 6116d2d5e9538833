// The console's device screens against the real hub, on a phone: a state shown agrees with the open alerts
// (issue 10.8), and the technical details a courier has no use for, messages the hub rejected and devices it
// does not know, are here for the manager (issue 10.9).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { eventually } from '../support/hub.js'
import { type ConsoleHub, MANAGER, openAlerts, startConsoleHub, stationSettings } from './manage-hub.js'
import { logIn, openConsole, openTab } from './manage-page.js'

let hub: ConsoleHub
let browser: Browser
let page: Page

beforeAll(async () => {
  // The ibuprofen item is counted by the medicine-box compartment medbox-ibuprofen, as the demo's are.
  const settings = stationSettings()
  const stock = settings.stock as { id: string; compartment?: string }[]
  for (const item of stock) if (item.id === 'ibuprofen') item.compartment = 'medbox-ibuprofen'
  hub = await startConsoleHub(settings)
  browser = await launchChromium()
  page = (await openConsole(browser)).page
  await logIn(page, hub.url, MANAGER)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

const row = (id: string) => page.locator(`[data-testid="devices"] [data-device-id="${id}"]`)

describe('device states on the console', () => {
  it('never calls a device 正常 while one of its alerts is open', async () => {
    // Issue 10.8: "药箱·感冒灵 剩 0 件 · 正常" in green while a stock alert was open.
    await hub.publish('medbox-ibuprofen', { count: 0 })
    await eventually(async () => (await openAlerts(hub)).find((a) => a.type === 'stock-low'))
    await openTab(page, 'devices')
    await row('medbox-ibuprofen').locator('.device__problem', { hasText: '库存不足' }).waitFor()
    expect(await row('medbox-ibuprofen').locator('.device__ok').count()).toBe(0)
    expect(await row('medbox-ibuprofen').locator('.device__reading--bad').count()).toBe(1)
    await hub.publish('medbox-ibuprofen', { count: 12 })
    // Back above the minimum, but the alert waits its clear time: still not 正常.
    await row('medbox-ibuprofen').locator('.device__reading', { hasText: '剩 12 件' }).waitFor()
    expect(await row('medbox-ibuprofen').locator('.device__ok').count()).toBe(0)
  })

  it('heads the fridge chart with the alert, not with the normal range', async () => {
    // Issue 10.8: "10.2 °C · 正常 ≤ 5 °C" read as normal.
    await hub.temperature(10.2)
    await eventually(async () => (await openAlerts(hub)).find((a) => a.type === 'temperature-high'))
    await row('fridge-temp').locator('.device__problem', { hasText: '温度过高' }).waitFor()
    await row('fridge-temp').locator('a').tap()
    const now = page.locator('[data-testid="fridge"] .fridge__now')
    await now.locator('[data-testid="fridge-state"]', { hasText: '告警中：温度过高' }).waitFor()
    expect(await now.textContent()).toContain('正常范围 ≤ 5 °C')
    expect(await now.locator('strong').getAttribute('class')).toContain('bad')
    await saveScreenshot(page, 'manage-real-fridge-alert-360x740')
    await page.locator('[data-testid="fridge"] a.back').tap()
  })

  it('shows messages the hub rejected, and devices it does not know, to the manager', async () => {
    // Issue 10.9: these were on the couriers' kiosk and nowhere in the console.
    await hub.publish('fridge-door', { contact: 'maybe' })
    await row('fridge-door').locator('[data-testid="rejected"]').waitFor()
    expect(await row('fridge-door').locator('[data-testid="rejected"]').textContent()).toMatch(
      /^拒收 1 条消息：.*contact/,
    )
    await hub.publish('basement-thermometer', { temperature: 3.1 })
    const unknown = page.locator('[data-testid="unregistered"]')
    await unknown.locator('li', { hasText: 'basement-thermometer' }).waitFor()
    expect(await unknown.locator('h3').textContent()).toBe('未登记的设备')
    expect(await unknown.textContent()).toContain('可能是：温度')
    await saveScreenshot(page, 'manage-real-devices-technical-360x740')
  })
})
