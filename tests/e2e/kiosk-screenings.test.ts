// Health screenings on the real hub, by touch only: the list in China time, a sign-up typed in Chinese by
// pinyin with an explicit consent, the code, place and time; a full event's waiting list, and a
// cancellation that moves the first in line up (seen through GET /api/screenings, not told to the courier
// who cancelled). The event to cancel is one choice (a radio). A courier who lost the code cancels with
// phone, event and the name signed up with; a stranger with the phone only cannot; wrong codes slow down
// (issue 10, points 11 and 12).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { getJson, startTestHub, type TestHub } from '../support/hub.js'
import {
  checkEverySize,
  chinaTime,
  expectEnglishSwitch,
  expectKioskScreen,
  type KioskPage,
  openKiosk,
  pickCandidate,
  postJson,
  SOON,
  tapButton,
  tapDigits,
  tapLetters,
} from './kiosk-page.js'
import { nameFieldText } from './name-keys.js'

interface Listed {
  id: string
  seatsLeft: number
  waitlist: number
}

let hub: TestHub
let browser: Browser
let kiosk: KioskPage
let page: Page

const field = (testId: string) => () => page.textContent(`[data-testid="${testId}"]`)

/**
 * Pinyin by touch, then a candidate, once the field shows the letters: the candidate bar is drawn in the
 * same render, so the candidates picked from are those of all the letters typed.
 */
async function typeAndPick(pinyin: string, candidate: string, before = '') {
  await tapLetters(page, pinyin)
  await expect.poll(async () => (await nameFieldText(page)).replace(/['\s]/g, ''), SOON).toBe(before + pinyin)
  await pickCandidate(page, candidate)
}

const event = (id: string) => page.locator(`[data-screening-id="${id}"]`)
const listed = async (id: string) =>
  (await getJson<{ screenings: Listed[] }>(`${hub.url}/api/screenings`)).body.screenings.find(
    (s) => s.id === id,
  )

beforeAll(async () => {
  hub = await startTestHub({
    privacy: { screeningContactDays: 30 },
    // The cancel-done screen is checked at five sizes, then left by its 返回首页: it must not go home first.
    kiosk: { confirmReturnSec: 30 },
    screenings: [
      {
        id: 'checkup',
        title: '免费体检：血压、血糖、心电图',
        organiser: '宁夏妇幼保健院',
        start: chinaTime(1, '09:00'),
        end: chinaTime(1, '11:30'),
        place: '驿站活动室',
        capacity: 20,
      },
      {
        id: 'dental',
        title: '口腔检查',
        organiser: '市口腔医院志愿者',
        start: chinaTime(3, '14:00'),
        end: chinaTime(3, '16:00'),
        place: '社区党群服务中心二楼',
        capacity: 1,
      },
    ],
  })
  browser = await launchChromium()
  kiosk = await openKiosk(browser, hub.url)
  page = kiosk.page
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

describe('health screenings at the kiosk', () => {
  let dentalCode = ''

  it('lists events with China-time dates, place, organiser and places left', async () => {
    // Someone signed up elsewhere and took the only dental place.
    const taken = await postJson<{ code: string; status: string }>(
      `${hub.url}/api/screenings/dental/signups`,
      {
        name: '李四',
        phone: '13700000001',
        consent: true,
      },
    )
    expect(taken.body.status).toBe('confirmed')
    dentalCode = taken.body.code

    await page.locator('[data-testid="go-screenings"]').tap()
    await event('checkup').waitFor()
    const checkup = await event('checkup').textContent()
    expect(checkup).toContain('免费体检：血压、血糖、心电图')
    expect(checkup).toMatch(/明天 \d+月\d+日周. 09:00–11:30/)
    expect(checkup).toContain('驿站活动室')
    expect(checkup).toContain('主办：宁夏妇幼保健院')
    expect(await event('checkup').locator('[data-testid="seats"]').textContent()).toBe('剩余 20 个名额')
    expect(await event('dental').locator('[data-testid="seats"]').textContent()).toBe('已满·可排队')
    expect(await event('dental').getByRole('button').textContent()).toBe('排队')
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Places left: 20', '剩余 20 个名额')
    await checkEverySize(page, 'screenings')
  })

  it('signs up with a name typed by pinyin, a phone and an explicit consent, and shows the code', async () => {
    await event('checkup').getByRole('button', { name: '报名' }).tap()
    await page.locator('.simple-keyboard [data-skbtn="z"]').waitFor()
    await tapLetters(page, 'zhang')
    await expect.poll(field('name-field'), SOON).toBe('zhang')
    await page.locator('[data-testid="candidate"]').first().waitFor()
    await expectKioskScreen(page)
    await checkEverySize(page, 'signup-name-candidates')
    await pickCandidate(page, '张')
    await expect.poll(field('name-field'), SOON).toBe('张')
    await typeAndPick('san', '三', '张')
    await expect.poll(field('name-field'), SOON).toBe('张三')
    await expectEnglishSwitch(page, 'Enter your name', '请输入姓名')
    await tapButton(page, '下一步')

    await tapDigits(page, '13800138000')
    await expect.poll(field('phone-field'), SOON).toBe('138****8000')
    await expectKioskScreen(page)
    await checkEverySize(page, 'signup-phone')
    await tapButton(page, '下一步')

    const submit = page.locator('[data-testid="submit-signup"]')
    expect(await submit.isDisabled()).toBe(true)
    expect(await page.textContent('[data-testid="consent"]')).toContain(
      '姓名和手机号只给主办方和驿站工作人员，用来打电话通知您体检的事（如排队转正、活动取消），活动结束后 30 天删除',
    )
    const summary = await page.textContent('[data-testid="summary"]')
    expect(summary).toContain('张三')
    expect(summary).toContain('138****8000')
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, /deleted 30 days after the event/, /活动结束后 30 天删除/)
    await checkEverySize(page, 'signup-consent')
    await page.locator('[data-testid="consent"]').tap()
    await expect.poll(() => submit.isDisabled(), SOON).toBe(false)
    await submit.tap()

    await page.locator('[data-testid="signup-confirmed"]').waitFor()
    expect(await page.textContent('[data-testid="signup-confirmed"]')).toContain('请记下确认码')
    expect(await page.textContent('[data-testid="code"]')).toMatch(/^\d{6}$/)
    // Where and when to go, on the screen that confirms it.
    expect(await page.textContent('[data-testid="signup-place"]')).toBe('驿站活动室')
    expect(await page.textContent('[data-testid="signup-when"]')).toMatch(/^明天 \d+月\d+日周. 09:00–11:30$/)
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Please note your code', '请记下确认码')
    await checkEverySize(page, 'signup-done')
    expect((await listed('checkup'))?.seatsLeft).toBe(19)
  })

  it('says so when the same phone signs up again', async () => {
    await tapButton(page, '返回首页')
    await page.locator('[data-testid="go-screenings"]').tap()
    await event('checkup').getByRole('button', { name: '报名' }).tap()
    await typeAndPick('li', '李')
    await tapButton(page, '下一步')
    await tapDigits(page, '13800138000')
    await tapButton(page, '下一步')
    await page.locator('[data-testid="consent"]').tap()
    await page.locator('[data-testid="submit-signup"]').tap()
    await page.locator('[data-testid="error"]').waitFor()
    expect(await page.textContent('[data-testid="error"]')).toBe('这个手机号已经报过名了，不用再报')
  })

  it('puts a courier on the waiting list of a full event and tells them their place', async () => {
    await page.locator('[data-testid="home"]').tap()
    await page.locator('[data-testid="go-screenings"]').tap()
    await event('dental').getByRole('button', { name: '排队' }).tap()
    await typeAndPick('wang', '王')
    await tapButton(page, '下一步')
    await tapDigits(page, '13600136000')
    await tapButton(page, '下一步')
    await page.locator('[data-testid="consent"]').tap()
    expect(await page.textContent('[data-testid="submit-signup"]')).toBe('加入排队')
    await page.locator('[data-testid="submit-signup"]').tap()
    await page.locator('[data-testid="signup-waitlisted"]').waitFor()
    expect(await page.textContent('[data-testid="position"]')).toBe('您排在第 1 位，有人取消时按顺序递补')
    expect(await page.textContent('[data-testid="code"]')).toMatch(/^\d{6}$/)
    await checkEverySize(page, 'signup-waitlisted')
    expect(await listed('dental')).toMatchObject({ seatsLeft: 0, waitlist: 1 })
  })

  it('cancels a sign-up with phone and code; the first in line moves up, which the courier is not told', async () => {
    await tapButton(page, '返回首页')
    await page.locator('[data-testid="go-screenings"]').tap()
    await page.locator('[data-testid="go-cancel"]').tap()
    const events = page.getByRole('radiogroup', { name: '要取消哪个活动？' })
    await events.getByRole('radio').first().waitFor()
    expect(await events.getByRole('radio').count()).toBe(2)
    await events.getByRole('radio', { name: /口腔检查/ }).tap()
    await expect
      .poll(() => events.getByRole('radio', { name: /口腔检查/ }).getAttribute('aria-checked'), SOON)
      .toBe('true')
    expect(await events.locator('[aria-checked="true"]').count()).toBe(1)
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Which event do you want to cancel?', '要取消哪个活动？')
    await checkEverySize(page, 'cancel-pick')
    await tapButton(page, '下一步')
    await tapDigits(page, '13700000001')
    await tapButton(page, '下一步')
    await tapDigits(page, dentalCode)
    await expect.poll(field('code-field'), SOON).toBe(dentalCode.split('').join(' '))
    await expectKioskScreen(page)
    await expectEnglishSwitch(page, 'Enter your 6-digit code', '请输入 6 位确认码')
    await checkEverySize(page, 'cancel-code')
    await page.locator('[data-testid="submit-cancel"]').tap()
    await page.locator('[data-testid="cancel-done"]').waitFor()
    const done = await page.textContent('[data-testid="cancel-done"]')
    expect(done).toContain('已取消')
    expect(done).not.toMatch(/递补|排队|promot/i)
    await checkEverySize(page, 'cancel-done')
    expect(await listed('dental')).toMatchObject({ seatsLeft: 0, waitlist: 0 })
  })

  it('tells a courier kindly when no sign-up matches the phone and code', async () => {
    await tapButton(page, '返回首页')
    await page.locator('[data-testid="go-screenings"]').tap()
    await page.locator('[data-testid="go-cancel"]').tap()
    await page.locator('[data-testid="cancel-checkup"]').tap()
    await tapButton(page, '下一步')
    await tapDigits(page, '13500135000')
    await tapButton(page, '下一步')
    await tapDigits(page, '000000')
    await page.locator('[data-testid="submit-cancel"]').tap()
    await page.locator('[data-testid="error"]').waitFor()
    expect(await page.textContent('[data-testid="error"]')).toBe('没有找到这条报名，请核对手机号和确认码')
  })

  /** From the home screen to the code step of the check-up, with `phone`. */
  async function toCodeStep(phone: string) {
    await page.locator('[data-testid="home"]').tap()
    await page.locator('[data-testid="go-screenings"]').tap()
    await page.locator('[data-testid="go-cancel"]').tap()
    await page.locator('[data-testid="cancel-checkup"]').tap()
    await tapButton(page, '下一步')
    await tapDigits(page, phone)
    await tapButton(page, '下一步')
  }

  it('does not cancel for a stranger who knows the phone number but not the name signed up with', async () => {
    await toCodeStep('13800138000')
    await page.locator('[data-testid="lost-code"]').tap()
    await page.locator('.simple-keyboard [data-skbtn="z"]').waitFor()
    await typeAndPick('lisi', '李四')
    await page.locator('[data-testid="submit-cancel"]').tap()
    await page.locator('[data-testid="error"]').waitFor()
    expect(await page.textContent('[data-testid="error"]')).toBe('没有找到这条报名，请核对手机号和姓名')
    expect((await listed('checkup'))?.seatsLeft).toBe(19)
  })

  it('cancels without the code: the phone, the event and the name signed up with', async () => {
    await toCodeStep('13800138000')
    expect(await page.textContent('[data-testid="lost-code"]')).toBe('忘了确认码？')
    await page.locator('[data-testid="lost-code"]').tap()
    await page.locator('.simple-keyboard [data-skbtn="z"]').waitFor()
    expect(await page.textContent('.prompt__text')).toBe('请输入报名时填写的姓名')
    await typeAndPick('zhangsan', '张三')
    await expectKioskScreen(page)
    await checkEverySize(page, 'cancel-by-name')
    await page.locator('[data-testid="submit-cancel"]').tap()
    await page.locator('[data-testid="cancel-done"]').waitFor()
    expect((await listed('checkup'))?.seatsLeft).toBe(20)
  })

  it('slows down wrong codes for the same sign-up: after a few, it asks the courier to wait', async () => {
    await toCodeStep('13600136000')
    const error = page.locator('[data-testid="error"]')
    for (let i = 0; i < 3; i++) {
      await tapDigits(page, `00000${i}`)
      await page.locator('[data-testid="submit-cancel"]').tap()
      await error.waitFor()
      expect(await error.textContent()).toBe('没有找到这条报名，请核对手机号和确认码')
      await page.locator('[data-key="clear"]').tap()
    }
    await tapDigits(page, '000009')
    await page.locator('[data-testid="submit-cancel"]').tap()
    await error.filter({ hasText: '试错次数太多' }).waitFor()
    expect(await error.textContent()).toMatch(/^试错次数太多，请 \d+ 秒后再试，或找驿站工作人员$/)
    await checkEverySize(page, 'cancel-too-many')
    expect(kiosk.errors).toEqual([])
  })
})
