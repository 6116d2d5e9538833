// The kiosk page served by the real hub, fed by real MQTT messages through the embedded broker: what a
// station shows when a sensor publishes, when garbage arrives, and when the hub restarts under it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MqttClient } from 'mqtt'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { deviceClient, startTestHub, type TestHub } from '../support/hub.js'

let hub: TestHub
let dataDir: string
let sensor: MqttClient
let browser: Browser
let page: Page
const pageErrors: string[] = []

const reading = (id: string) => page.locator(`[data-device-id="${id}"] [data-testid="reading"]`)
const publish = (id: string, payload: string) =>
  sensor.publishAsync(`redstation/test/devices/${id}`, payload, { qos: 1 })

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-e2e-'))
  hub = await startTestHub({}, { dataDir })
  sensor = await deviceClient(hub.mqttUrl)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1080, height: 1920 } })
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(hub.url)
})
afterAll(async () => {
  await browser?.close()
  await sensor?.endAsync()
  await hub?.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('the kiosk on the real hub', () => {
  it('lists every configured device by its Chinese name', async () => {
    await page.locator('[data-device-id="fridge-temp"]').waitFor()
    expect(await page.textContent('[data-testid="station-name"]')).toBe('测试驿站')
    for (const name of ['冰箱温度', '冰箱门', '充电柜 3 号门', '药箱·布洛芬', '药箱·创可贴'])
      expect(await page.textContent('main')).toContain(name)
  })

  it('shows a published reading within a second', async () => {
    const t0 = Date.now()
    await publish('fridge-temp', '{"temperature": 4.6}')
    await reading('fridge-temp').filter({ hasText: '4.6 °C' }).waitFor({ timeout: 1000 })
    expect(Date.now() - t0).toBeLessThan(1000)
    await publish('fridge-door', '{"contact": false}')
    await reading('fridge-door').filter({ hasText: '打开' }).waitFor({ timeout: 1000 })
    await publish('medbox-bandage', '{"weight": 30}')
    await reading('medbox-bandage').filter({ hasText: '12 件' }).waitFor({ timeout: 1000 })
    await saveScreenshot(page, 'real-hub-1080x1920')
  })

  it('ignores garbage on the same topic: the card keeps its reading', async () => {
    await publish('fridge-temp', 'garbage')
    await publish('fridge-temp', '{"temperature": 999}')
    await page
      .locator('[data-device-id="fridge-temp"] [data-testid="rejected"]')
      .filter({ hasText: '2' })
      .waitFor()
    expect(await reading('fridge-temp').textContent()).toBe('4.6 °C')
  })

  it('shows the offline banner when the hub stops, and recovers without a reload when it is back', async () => {
    const port = Number(new URL(hub.url).port)
    await sensor.endAsync()
    await hub.close()
    await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'visible', timeout: 3000 })

    hub = await startTestHub({ http: { host: '127.0.0.1', port } }, { dataDir })
    sensor = await deviceClient(hub.mqttUrl)
    await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'detached', timeout: 12_000 })
    // The restarted hub remembers the last reading from its store...
    expect(await reading('fridge-temp').textContent()).toBe('4.6 °C')
    // ...and the page follows the new one live.
    await publish('fridge-temp', '{"temperature": 3.9}')
    await reading('fridge-temp').filter({ hasText: '3.9 °C' }).waitFor({ timeout: 1000 })
    expect(pageErrors).toEqual([])
  }, 25_000)
})
