// The charging lockers at the kiosk, by touch, on the real hub with a simulated KR-CU16 over a real socat
// pseudo-terminal: a rental and a retrieval by phone, one with a code, and a jam told to the courier and
// raised to the manager. The simulated board is the courier's hands: it shuts the doors.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { eventually, getJson, loginAs } from '../support/hub.js'
import { type LockerHub, startLockerHub } from '../support/lockers.js'
import {
  checkEverySize,
  expectEnglishSwitch,
  expectKioskScreen,
  type KioskPage,
  openKiosk,
  tapDigits,
} from './kiosk-page.js'
import { logIn, openConsole } from './manage-page.js'

let h: LockerHub
let browser: Browser
let kiosk: KioskPage
let page: Page

beforeAll(async () => {
  h = await startLockerHub({ kiosk: { confirmReturnSec: 30 } })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, h.t.url)
  page = kiosk.page
})
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

const tap = (testId: string) => page.locator(`[data-testid="${testId}"]`).tap()
const free = (kind: string) => page.locator(`[data-testid="free-${kind}"]`)
const home = () => page.getByRole('button', { name: '返回首页' }).tap()

describe('charging lockers at the kiosk', () => {
  it('a rental and a retrieval by phone: the locker opens, its number large, the closed door starts and ends it', async () => {
    await free('phone').filter({ hasText: '空闲 3 个' }).waitFor()
    expect(await free('battery').textContent()).toBe('空闲 1 个')
    await tap('rent-phone')
    await tap('rent-by-phone')
    await tapDigits(page, '13812345678')
    await tap('open-locker')
    await page.locator('[data-testid="locker-number"]', { hasText: '1 号柜' }).waitFor()
    expect(await page.textContent('[data-testid="locker-open"]')).toContain('请放入手机并关门')
    expect(h.board.isOpen(1)).toBe(true)
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Put your phone in and close the door', '请放入手机并关门')
    await checkEverySize(page, 'locker-open')

    h.board.closeDoor(1)
    await page.locator('[data-testid="rent-done"]', { hasText: '已开始充电' }).waitFor()
    expect(await page.textContent('[data-testid="rent-done"]')).toContain('输入手机号')
    await home()
    // The home tile follows live.
    await free('phone').filter({ hasText: '空闲 2 个' }).waitFor()
    await expectKioskScreen(page)
    await checkEverySize(page, 'home-lockers')

    await tap('go-collect')
    await tap('collect-by-phone')
    await tapDigits(page, '13812345678')
    await tap('open-locker')
    await page.locator('[data-testid="locker-number"]', { hasText: '1 号柜' }).waitFor()
    expect(await page.textContent('[data-testid="locker-open"]')).toContain('请取出物品并关门')
    h.board.closeDoor(1)
    await page.locator('[data-testid="collect-done"]').waitFor()
    await home()
    await free('phone').filter({ hasText: '空闲 3 个' }).waitFor()
    expect(kiosk.errors).toEqual([])
  }, 60_000)

  it('a rental with a code: the code shown once, then typed to take it back', async () => {
    await tap('rent-battery')
    await tap('rent-by-pin')
    await page.locator('[data-testid="locker-number"]', { hasText: '4 号柜' }).waitFor()
    expect(await page.textContent('[data-testid="locker-open"]')).toContain('请放入电池并关门')
    const pin = (await page.textContent('[data-testid="pin"]')) ?? ''
    expect(pin).toMatch(/^\d{6}$/)
    h.board.closeDoor(4)
    await page.locator('[data-testid="rent-done"]').waitFor()
    expect(await page.textContent('[data-testid="rent-done"]')).toContain(pin)
    await checkEverySize(page, 'locker-started-pin')
    await home()
    await free('battery').filter({ hasText: '已满' }).waitFor()

    await tap('go-collect')
    await tap('collect-by-pin')
    await page.locator('[data-locker="L4"]').tap()
    // The checks are for the code step: wait for its keypad, or they would pass on the step before.
    await page.locator('[data-testid="keypad"]').waitFor()
    await expectKioskScreen(page)
    const wrong = pin === '000000' ? '111111' : '000000'
    await tapDigits(page, wrong)
    await tap('open-locker')
    await page.locator('[data-testid="error"]', { hasText: '取件码不对' }).waitFor()
    expect(h.board.isOpen(4)).toBe(false)
    await page.locator('[data-testid="keypad"] [data-key="clear"]').tap()
    await tapDigits(page, pin)
    await tap('open-locker')
    await page.locator('[data-testid="locker-number"]', { hasText: '4 号柜' }).waitFor()
    h.board.closeDoor(4)
    await page.locator('[data-testid="collect-done"]').waitFor()
    await home()
    expect(kiosk.errors).toEqual([])
  }, 60_000)

  it('a jam: the courier is told on screen, the manager gets the alert, the next try gets another locker', async () => {
    h.board.jam(1)
    await tap('rent-phone')
    await tap('rent-by-phone')
    await tapDigits(page, '13900001111')
    await tap('open-locker')
    await page.locator('[data-testid="error"]', { hasText: '柜门没有打开' }).waitFor({ timeout: 5000 })
    await checkEverySize(page, 'locker-jammed')

    const cookie = await loginAs(h.t, 'manager')
    const alert = await eventually(async () => {
      const a = await getJson<{ alerts: { type: string; subject: string; title: { zh: string } }[] }>(
        `${h.t.url}/api/manage/alerts`,
        cookie,
      )
      return a.body.alerts.find((x) => x.type === 'locker-jam')
    })
    expect(alert).toMatchObject({ subject: 'L1', title: { zh: '充电柜柜门打不开：1 号柜' } })

    // The same button again: another locker opens.
    await tap('open-locker')
    await page.locator('[data-testid="locker-number"]', { hasText: '2 号柜' }).waitFor()
    h.board.closeDoor(2)
    await page.locator('[data-testid="rent-done"]').waitFor()
    await home()
    // Locker 1 is out of service, locker 2 rented: one phone locker left.
    await free('phone').filter({ hasText: '空闲 1 个' }).waitFor()
    expect(kiosk.errors).toEqual([])
  }, 60_000)

  it('the manager’s lockers page: the jam shown, the locker put back and opened from the console with a reason', async () => {
    await loginAs(h.t, 'manager', 'li')
    const consolePage = await openConsole(browser)
    const c = consolePage.page
    await logIn(c, `${h.t.url}/manage.html`, { name: 'li', password: 'correct horse battery' })
    await c.locator('[data-testid="tab-lockers"]').tap()
    const l1 = c.locator('[data-locker-id="L1"]')
    await l1.locator('[data-testid="locker-state"]', { hasText: '已停用' }).waitFor()
    expect(await l1.locator('[data-testid="locker-service"]').textContent()).toContain('系统已自动停用')
    await c.locator('[data-testid="locker-faults"]', { hasText: '充电柜柜门打不开：1 号柜' }).waitFor()
    // Locker 2 is rented by phone: its age and the masked number, never the number.
    const l2 = c.locator('[data-locker-id="L2"]')
    expect(await l2.locator('[data-testid="locker-state"]').textContent()).toContain('139****1111')
    await saveScreenshot(c, 'manage-lockers-phone')

    h.board.jam(1, false)
    await l1.locator('[data-testid="locker-service-btn"]').tap()
    await c.locator('[data-testid="service-sheet"] textarea').fill('锁舌已修好')
    await c.locator('[data-testid="service-sheet"] [data-testid="submit"]').tap()
    await l1.locator('[data-testid="locker-state"]', { hasText: '空闲' }).waitFor()
    await c.locator('[data-testid="locker-faults"]').waitFor({ state: 'detached' })

    const l3 = c.locator('[data-locker-id="L3"]')
    await l3.locator('[data-testid="locker-open-btn"]').tap()
    // No reason, no opening.
    await c.locator('[data-testid="open-sheet"] [data-testid="submit"]').tap()
    await c.locator('[data-testid="open-sheet"] .form-error', { hasText: '请写下原因' }).waitFor()
    expect(h.board.isOpen(3)).toBe(false)
    await c.locator('[data-testid="open-sheet"] textarea').fill('检查插座')
    await c.locator('[data-testid="open-sheet"] [data-testid="submit"]').tap()
    await c.locator('[data-testid="locker-note"]', { hasText: '3 号柜已打开' }).waitFor()
    expect(h.board.isOpen(3)).toBe(true)
    await l3.locator('[data-testid="locker-door"]', { hasText: '门开着' }).waitFor()
    h.board.closeDoor(3)
    await l3.locator('[data-testid="locker-door"]', { hasText: '门已关' }).waitFor()
    expect(consolePage.errors).toEqual([])
    await consolePage.context.close()
  }, 60_000)
})
