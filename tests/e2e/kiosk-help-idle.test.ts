// The kiosk on the real hub when a courier needs help, walks away mid-way, or the hub goes away: help by
// touch only with the station's own phone number, the idle reset (a warning first, then home, Chinese,
// nothing typed left), and the offline banner with the station's number and a submit that keeps what was
// typed and works once the hub is back, when the failed attempt's message goes too (issue 10, 14 and 19).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HelpRequest } from '../../server/bus/events.js'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { startTestHub, type TestHub } from '../support/hub.js'
import {
  checkEverySize,
  expectEnglishSwitch,
  expectKioskScreen,
  type KioskPage,
  layoutProblems,
  openKiosk,
  SOON,
  screenName,
  tapButton,
  tapDigits,
} from './kiosk-page.js'

/** The shortest the station config allows (kiosk.idleResetSec ≥ 10). */
const IDLE_SEC = 10
const STATION_PHONE = '0951-5012345'
const settings = {
  station: { id: 'test', name: '测试驿站', phone: STATION_PHONE },
  kiosk: { idleResetSec: IDLE_SEC, confirmReturnSec: 30 },
}

let hub: TestHub
let dataDir: string
let browser: Browser
let kiosk: KioskPage
let page: Page
const phoneField = () => page.textContent('[data-testid="phone-field"]')
/**
 * When `selector` is first on the page, by the page's own clock (Date.now, the same clock as the test's):
 * a loaded machine can notice a change seconds late, the page's own observer does not.
 */
const appearsAt = (selector: string) =>
  page.evaluate(
    (sel) =>
      new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector(sel)) return
          observer.disconnect()
          resolve(Date.now())
        })
        observer.observe(document.body, { childList: true, subtree: true })
      }),
    selector,
  )
/** What the hub told the manager screens. */
const helpCalls: HelpRequest[] = []

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-e2e-help-'))
  hub = await startTestHub(settings, { dataDir })
  hub.hub.bus.on('help.requested', (help) => {
    helpCalls.push(help)
  })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, hub.url)
  page = kiosk.page
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('help at the kiosk', () => {
  it('sends a call for help with a reason and a phone number, and says staff are coming', async () => {
    await page.locator('[data-testid="go-help"]').tap()
    await expect.poll(() => screenName(page), SOON).toBe('help')
    // Someone can also simply call the station.
    expect(await page.textContent('[data-testid="station-phone"]')).toContain(STATION_PHONE)
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Injured', '受伤')
    await checkEverySize(page, 'help-reason')
    await page.locator('[data-testid="reason-unwell"]').tap()

    expect(await page.locator('[data-testid="send-help"]').isDisabled()).toBe(true)
    // Issue 10.1: the number reaches the staff who answer, and says for how long it is kept.
    expect(await page.textContent('.prompt__hint')).toBe(
      '留个手机号，工作人员会打给您（可不填）。号码只给处理求助的工作人员，处理完 60 分钟后删除',
    )
    await tapDigits(page, '13712345678')
    await expect.poll(phoneField, SOON).toBe('137****5678')
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Send for help', '发送求助')
    await checkEverySize(page, 'help-phone')
    await page.locator('[data-testid="send-help"]').tap()
    await page.locator('[data-testid="help-done"]').waitFor()
    expect(await page.textContent('[data-testid="help-done"] h2')).toBe('已通知驿站工作人员，请稍候')
    expect(helpCalls).toMatchObject([{ reason: 'unwell', phoneMasked: '137****5678' }])
    await expectKioskScreen(page)
    await expectEnglishSwitch(
      page,
      'The station staff have been told. Please wait here',
      '已通知驿站工作人员，请稍候',
    )
    await checkEverySize(page, 'help-done')
    await tapButton(page, '返回首页')
  })

  it('sends without a phone number in two taps', async () => {
    await page.locator('[data-testid="go-help"]').tap()
    await page.locator('[data-testid="reason-phone-dead"]').tap()
    await page.locator('[data-testid="send-without-phone"]').tap()
    await page.locator('[data-testid="help-done"]').waitFor()
    expect(helpCalls[1]).toMatchObject({ reason: 'phone-dead', phoneMasked: null })
    await tapButton(page, '返回首页')
  })
})

describe('idle reset', () => {
  it(`warns, then returns home in Chinese after ${IDLE_SEC} s without a touch, and forgets what was typed`, async () => {
    await page.locator('[data-testid="go-checkin"]').tap()
    await tapDigits(page, '1391234')
    // The last touch is the language switch: the time is taken before it, so never later than the touch.
    const warned = appearsAt('[data-testid="idle-warning"]')
    const wentHome = appearsAt('[data-screen="home"]')
    const touched = Date.now()
    await page.locator('.lang-switch').tap()
    await expect.poll(() => page.getAttribute('html', 'lang'), SOON).toBe('en')
    await expect.poll(phoneField, SOON).toBe('139 ****')

    const warning = page.locator('[data-testid="idle-warning"]')
    await warning.waitFor({ timeout: (IDLE_SEC + 1) * 1000 })
    expect(await warning.textContent()).toMatch(/Back to home in \d s/)
    expect(await page.getByRole('button', { name: "I'm still here" }).count()).toBe(1)
    // A few seconds only: checked at the size it runs at, not at every size.
    expect(await layoutProblems(page)).toEqual([])
    await saveScreenshot(page, 'kiosk-idle-warning-1024x600')

    await page.locator('[data-screen="home"]').waitFor({ timeout: (IDLE_SEC + 3) * 1000 })
    expect((await wentHome) - touched).toBeGreaterThanOrEqual((IDLE_SEC - 1) * 1000)
    // The warning came a few seconds before, not at the last moment.
    expect((await wentHome) - (await warned)).toBeGreaterThanOrEqual(1500)
    expect(await warning.count()).toBe(0)
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await page.textContent('[data-testid="go-checkin"]')).toContain('签到')

    await page.locator('[data-testid="go-checkin"]').tap()
    await expect.poll(phoneField, SOON).toBe('请输入 11 位手机号')
  }, 30_000)

  it('keeps the screen and what was typed when the courier answers the warning', async () => {
    await tapDigits(page, '139')
    const warning = page.locator('[data-testid="idle-warning"]')
    await warning.waitFor({ timeout: (IDLE_SEC + 1) * 1000 })
    const touched = Date.now()
    await page.getByRole('button', { name: '我还在' }).tap()
    await warning.waitFor({ state: 'detached', timeout: 1000 })
    expect(await screenName(page)).toBe('checkin')
    expect(await page.textContent('[data-testid="phone-field"]')).toBe('139')
    // The full time again from that touch: the next warning, not the reset the first one announced. Timed
    // by the page (the warning's own time), not by a sleep that a loaded machine could stretch past it.
    const warnedAgain = appearsAt('[data-testid="idle-warning"]')
    await warning.waitFor({ timeout: (IDLE_SEC + 1) * 1000 })
    expect((await warnedAgain) - touched).toBeGreaterThanOrEqual((IDLE_SEC - 4) * 1000)
    expect(await screenName(page)).toBe('checkin')
    expect(await page.textContent('[data-testid="phone-field"]')).toBe('139')
    // Left alone, home it goes, and forgets the number (the next test starts from home).
    await page.locator('[data-screen="home"]').waitFor({ timeout: (IDLE_SEC + 3) * 1000 })
  }, 30_000)

  it('does not reset while the courier keeps touching', async () => {
    await page.locator('[data-testid="go-checkin"]').tap()
    await tapDigits(page, '1')
    // A touch every 3 s for 12 s, longer than the idle time, each well before a warning would be due (7 s)
    // however slow the machine: two type a digit, the others touch the number's field.
    for (let i = 1; i <= 4; i++) {
      await page.waitForTimeout(IDLE_SEC * 300)
      if (i % 2 === 0) await tapDigits(page, '3')
      else await page.locator('[data-testid="phone-field"]').tap()
    }
    expect(await screenName(page)).toBe('checkin')
    await expect.poll(phoneField, SOON).toBe('133')
    expect(await page.locator('[data-testid="idle-warning"]').count()).toBe(0)
    await page.locator('[data-key="clear"]').tap()
  }, 30_000)
})

describe('when the hub goes away', () => {
  it('shows the offline banner on any screen, keeps what was typed, and carries on once the hub is back', async () => {
    await tapDigits(page, '13912345678')
    const port = Number(new URL(hub.url).port)
    await hub.close()
    const banner = page.locator('[data-testid="offline-banner"]')
    await banner.waitFor({ state: 'visible', timeout: 3000 })
    expect(await banner.textContent()).toContain('与驿站主机的连接已断开，正在重新连接…')
    // While the hub is away, a courier who needs help can still call the station.
    expect(await banner.textContent()).toContain(STATION_PHONE)

    await tapButton(page, '下一步')
    await page.locator('[data-testid="error"]').waitFor({ timeout: 5000 })
    expect(await page.textContent('[data-testid="error"]')).toContain('您填的内容还在')
    expect(await page.textContent('[data-testid="phone-field"]')).toBe('139****5678')
    expect(await screenName(page)).toBe('checkin')
    await checkEverySize(page, 'offline-checkin')
    // The courier is still there (a touch), while the hub comes back.
    await page.locator('[data-testid="phone-field"]').tap()

    hub = await startTestHub({ ...settings, http: { host: '127.0.0.1', port } }, { dataDir })
    await banner.waitFor({ state: 'detached', timeout: 12_000 })
    // "Cannot reach the hub" is not true any more: it goes with the banner, before anything is tapped.
    await page.locator('[data-testid="error"]').waitFor({ state: 'detached', timeout: 1000 })
    await tapButton(page, '下一步')
    await page.locator('[data-testid="greeting"]').waitFor({ timeout: 5000 })
    expect(kiosk.errors).toEqual([])
    // A hub stopped and started again, and the screen checked at five sizes: room for a busy machine.
  }, 45_000)
})
