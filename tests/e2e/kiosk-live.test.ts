// The courier kiosk's device status screen in real Chromium, rendering every kind of device state the live
// contract can carry (GET /api/state + socket.io), fed by a scripted stand-in so each state is exact.
// kiosk-real-hub.test.ts runs the same page against the real hub, broker and sensors; the other kiosk-*
// tests run the courier's screens against the real hub.
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceState, StationState } from '../../kiosk-ui/src/lib/types.js'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { checkEverySize, SOON } from './kiosk-page.js'
import { type StandInHub, startStandInHub } from './stand-in-hub.js'

const kioskRoot = fileURLToPath(new URL('../../dist/kiosk', import.meta.url))

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString()

function device(partial: Partial<DeviceState> & Pick<DeviceState, 'id' | 'kind' | 'name'>): DeviceState {
  return {
    online: true,
    lastSeen: ago(5),
    reading: null,
    battery: 90,
    batteryLow: false,
    rejected: 0,
    lastError: null,
    ...partial,
  }
}

const fridge = device({
  id: 'fridge-1',
  kind: 'temperature',
  name: '午餐冰箱',
  reading: { at: ago(12), temperature: 4.6 },
})

const state: StationState = {
  station: { id: 'ningan-huaxin', name: '宁华社区红色驿站' },
  devices: [
    fridge,
    device({
      id: 'medicine-box',
      kind: 'stock',
      name: '药箱',
      reading: { at: ago(40), count: 12, weight: 345.2 },
    }),
    device({
      id: 'locker-door-3',
      kind: 'door',
      name: '充电柜 3 号门',
      reading: { at: ago(3), contact: true },
      battery: 12,
      batteryLow: true,
    }),
    device({ id: 'water', kind: 'stock', name: '饮用水', reading: { at: ago(90), count: 24 } }),
    device({ id: 'station-door', kind: 'door', name: '驿站大门', reading: { at: ago(8), contact: false } }),
    device({
      id: 'freezer',
      kind: 'temperature',
      name: '冷冻柜',
      online: false,
      lastSeen: ago(4000),
      reading: { at: ago(4000), temperature: -17.9 },
      rejected: 3,
    }),
  ],
  unregistered: [
    {
      id: '0x00158d0001a2b3c4',
      firstSeen: ago(600),
      lastSeen: ago(20),
      messages: 7,
      guessedKind: 'temperature',
    },
  ],
}

const reading = (page: Page, id: string) => page.locator(`[data-device-id="${id}"] [data-testid="reading"]`)

async function readingIs(page: Page, id: string, text: string, timeout = 5000): Promise<void> {
  await page
    .locator(`[data-device-id="${id}"] [data-testid="reading"]`, { hasText: text })
    .waitFor({ timeout })
  expect(await reading(page, id).textContent()).toBe(text)
}

describe('kiosk live device view', () => {
  let hub: StandInHub
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    hub = await startStandInHub({ root: kioskRoot, state })
    browser = await launchChromium()
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      hasTouch: true,
      locale: 'zh-CN',
    })
    page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(hub.url)
    await page.locator('[data-testid="go-devices"]').tap()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await hub?.close()
  })

  it('shows the station on the home screen', async () => {
    await page.locator('[data-testid="home"]').tap()
    // The top bar says 红色驿站 until GET /api/state has answered.
    await expect.poll(() => page.textContent('[data-testid="station-name"]'), SOON).toBe('宁华社区红色驿站')
    await page.locator('[data-testid="go-devices"]').tap()
  })

  it('shows every device in Chinese by default', async () => {
    await readingIs(page, 'fridge-1', '4.6 °C')
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await reading(page, 'locker-door-3').textContent()).toBe('关闭')
    expect(await reading(page, 'station-door').textContent()).toBe('打开')
    expect(await reading(page, 'medicine-box').textContent()).toBe('12 件')
    expect(await page.textContent('[data-device-id="medicine-box"]')).toContain('345 克')
    expect(await page.textContent('[data-device-id="fridge-1"] .badge')).toBe('在线')
    expect(await page.textContent('[data-device-id="freezer"] .badge')).toBe('离线')
    expect(await page.textContent('[data-device-id="fridge-1"]')).toMatch(/\d+ 秒前更新/)
    expect(await page.textContent('[data-device-id="locker-door-3"] [data-testid="battery-low"]')).toBe(
      '电量低 12%',
    )
    // Issue 10.9: rejected messages and unregistered devices are for the manager's console, not couriers.
    expect(await page.locator('[data-testid="rejected"]').count()).toBe(0)
    expect(await page.locator('[data-testid="unregistered"]').count()).toBe(0)
    expect(await page.textContent('main')).not.toContain('异常消息')
    expect(await page.locator('[data-testid="offline-banner"]').count()).toBe(0)
    expect(await page.locator('[data-screen="devices"]').count()).toBe(1)
    const button = await page.locator('.lang-switch').boundingBox()
    expect(button?.height).toBeGreaterThanOrEqual(64)
    expect(button?.width).toBeGreaterThanOrEqual(64)
  })

  it('fits every kiosk size: the list scrolls by itself and says so, the buttons stay in view', async () => {
    await checkEverySize(page, 'devices-live')
  })

  it('updates a card within a second of a device event', async () => {
    hub.emitDevice({ ...fridge, reading: { at: new Date().toISOString(), temperature: 7.2 } })
    await readingIs(page, 'fridge-1', '7.2 °C', 1000)
    expect(await page.textContent('[data-device-id="fridge-1"]')).toMatch(/[01] 秒前更新/)
  })

  it('switches every label to English and back', async () => {
    await page.locator('.lang-switch').tap()
    await readingIs(page, 'locker-door-3', 'Closed', 1000)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await reading(page, 'station-door').textContent()).toBe('Open')
    expect(await reading(page, 'medicine-box').textContent()).toBe('12 left')
    expect(await page.textContent('[data-device-id="fridge-1"] .badge')).toBe('Online')
    expect(await page.textContent('[data-device-id="freezer"] .badge')).toBe('Offline')
    expect(await page.textContent('.lang-switch')).toBe('中文')
    // Device names come from the hub and are shown as given.
    expect(await page.textContent('[data-device-id="fridge-1"] .card__name')).toBe('午餐冰箱')
    await saveScreenshot(page, 'kiosk-en-1920x1080')

    await page.locator('.lang-switch').tap()
    await readingIs(page, 'locker-door-3', '关闭', 1000)
    expect(await page.textContent('.lang-switch')).toBe('English')
  })

  it('shows the offline banner within 3 s of losing the hub', async () => {
    await hub.close()
    const banner = page.locator('[data-testid="offline-banner"]')
    await banner.waitFor({ state: 'visible', timeout: 3000 })
    expect(await banner.textContent()).toBe('与驿站主机的连接已断开，正在重新连接…')
    await page.setViewportSize({ width: 1024, height: 600 })
    await saveScreenshot(page, 'kiosk-offline-1024x600')
    await page.setViewportSize({ width: 1920, height: 1080 })
  })

  it('hides the banner and takes the fresh state when the hub comes back on the same port', async () => {
    const fresh = structuredClone(state)
    fresh.devices[0] = { ...fridge, reading: { at: new Date().toISOString(), temperature: 5.1 } }
    hub = await startStandInHub({ root: kioskRoot, state: fresh, port: hub.port })
    // socket.io's default backoff retries after ~1, 2, 4, 5, 5… s.
    await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'detached', timeout: 12_000 })
    await readingIs(page, 'fridge-1', '5.1 °C', 1000)
    expect(pageErrors).toEqual([])
  }, 20_000)
})
