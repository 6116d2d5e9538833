// Check-in on the real hub, by touch only: a new courier, then the same courier back later (platform
// already chosen, visit count), and a repeat within the window. The full number never shows once typed.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Clock, systemClock } from '../../server/clock.js'
import { launchChromium } from '../support/chromium.js'
import { startTestHub, type TestHub } from '../support/hub.js'
import {
  checkEverySize,
  expectEnglishSwitch,
  expectKioskScreen,
  type KioskPage,
  openKiosk,
  postJson,
  screenName,
  tapButton,
  tapDigits,
} from './kiosk-page.js'

const PHONE = '13912345678'
const MASKED = '139****5678'
/** Long enough for the checks and screenshots on the success screen, short enough to wait for. */
const CONFIRM_SEC = 10

/** The hub's clock can be moved on, so a second check-in is a new visit rather than a repeat. */
let offsetMs = 0
const movableClock: Clock = { ...systemClock, now: () => Date.now() + offsetMs }

let hub: TestHub
let dataDir: string
let browser: Browser
let kiosk: KioskPage
let page: Page

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-e2e-checkin-'))
  hub = await startTestHub({ kiosk: { confirmReturnSec: CONFIRM_SEC } }, { dataDir, clock: movableClock })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, hub.url)
  page = kiosk.page
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** Page text with the full number searched for everywhere a courier could see it. */
const showsFullNumber = async () =>
  ((await page.textContent('body')) ?? '').replace(/\s/g, '').includes(PHONE)

async function checkIn(opts: { shoot?: boolean; expectGreeting: string; pickPlatform?: string }) {
  await page.locator('[data-testid="go-checkin"]').tap()
  expect(await screenName(page)).toBe('checkin')
  await tapDigits(page, PHONE.slice(0, 7))
  expect(await page.textContent('[data-testid="phone-field"]')).toBe('139 1234')
  if (opts.shoot) {
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Enter your mobile number', '请输入手机号')
    await checkEverySize(page, 'checkin-phone')
  }
  await tapDigits(page, PHONE.slice(7))
  expect(await page.textContent('[data-testid="phone-field"]')).toBe(MASKED)
  expect(await showsFullNumber()).toBe(false)
  await tapButton(page, '下一步')

  await page.locator('[data-testid="greeting"]').waitFor()
  expect(await page.textContent('[data-testid="greeting"]')).toBe(opts.expectGreeting)
  if (opts.pickPlatform) await page.locator(`[data-testid="platform-${opts.pickPlatform}"]`).tap()
  if (opts.shoot) {
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Which platform do you deliver for?', '您在哪个平台跑单？')
    await checkEverySize(page, 'checkin-platform')
  }
  await tapButton(page, '下一步')

  await page.locator('[data-testid="purpose-rest"]').tap()
  await page.locator('[data-testid="purpose-charge"]').tap()
  expect(await page.getAttribute('[data-testid="purpose-charge"]', 'aria-pressed')).toBe('true')
  if (opts.shoot) {
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Charge a phone', '手机充电')
    await checkEverySize(page, 'checkin-purposes')
  }
  await tapButton(page, '下一步')

  const summary = await page.textContent('[data-testid="summary"]')
  expect(summary).toContain(MASKED)
  expect(summary).toContain('歇脚休息、手机充电')
  if (opts.shoot) {
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Confirm check-in', '确认签到')
    await checkEverySize(page, 'checkin-confirm')
  }
  await page.locator('[data-testid="confirm-checkin"]').tap()
  await page.locator('[data-testid="checkin-done"]').waitFor()
  expect(await page.textContent('[data-testid="masked-phone"]')).toBe(MASKED)
  expect(await showsFullNumber()).toBe(false)
}

describe('check-in at the kiosk', () => {
  it('checks in a new courier: phone, platform, purposes, confirm, success with the masked number', async () => {
    await checkIn({ shoot: true, expectGreeting: '欢迎第一次来驿站！', pickPlatform: 'eleme' })
    expect(await page.textContent('[data-testid="visit-count"]')).toBe('本月第 1 次来驿站')
    expect(await page.locator('[data-testid="repeat"]').count()).toBe(0)
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Checked in', '签到成功')
    await checkEverySize(page, 'checkin-done')
    const known = await postJson<{ known: boolean; visitsThisMonth: number }>(
      `${hub.url}/api/checkins/lookup`,
      {
        phone: PHONE,
      },
    )
    expect(known.body).toMatchObject({ known: true, visitsThisMonth: 1 })
  })

  it('returns home by itself after confirmReturnSec', async () => {
    await page.locator('[data-screen="home"]').waitFor({ timeout: (CONFIRM_SEC + 2) * 1000 })
  }, 20_000)

  it('greets a returning courier with the visit count and their platform already chosen', async () => {
    offsetMs = 15 * 60_000
    await checkIn({ expectGreeting: '欢迎回来！本月第 2 次来驿站' })
    expect(await page.textContent('[data-testid="visit-count"]')).toBe('本月第 2 次来驿站')
    await tapButton(page, '返回首页')
    expect(await screenName(page)).toBe('home')
  })

  it('keeps the last platform chosen for a returning courier', async () => {
    await page.locator('[data-testid="go-checkin"]').tap()
    await tapDigits(page, PHONE)
    await tapButton(page, '下一步')
    await page.locator('[data-testid="greeting"]').waitFor()
    expect(await page.getAttribute('[data-testid="platform-eleme"]', 'aria-pressed')).toBe('true')
    expect(await page.getAttribute('[data-testid="platform-meituan"]', 'aria-pressed')).toBe('false')
  })

  it('says a second check-in within the window is the same visit', async () => {
    await tapButton(page, '下一步')
    await page.locator('[data-testid="purpose-water"]').tap()
    await tapButton(page, '下一步')
    await page.locator('[data-testid="confirm-checkin"]').tap()
    await page.locator('[data-testid="checkin-done"]').waitFor()
    expect(await page.textContent('[data-testid="repeat"]')).toBe('刚才已经签过到了，算作同一次来访')
    expect(await page.textContent('[data-testid="visit-count"]')).toBe('本月第 2 次来驿站')
  })

  it('refuses a number that cannot be a mobile number before asking the hub', async () => {
    await page.locator('[data-testid="home"]').tap()
    await page.locator('[data-testid="go-checkin"]').tap()
    await tapDigits(page, '12812345678')
    expect(await page.textContent('.field-note--bad')).toBe('手机号不正确，请检查')
    expect(await page.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true)
    await page.locator('[data-key="clear"]').tap()
    expect(await page.textContent('[data-testid="phone-field"]')).toBe('请输入 11 位手机号')
    expect(kiosk.errors).toEqual([])
  })
})
