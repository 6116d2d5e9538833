// The manager console as a phone (360×740, touch) against the real hub, for what a manager keeps: the
// medicine box, the fridge's cold-chain record, checkup events and their sign-ups, notices, the check-in
// figures. Each change is checked in the hub too, and where the kiosk shows it, in the kiosk's own list.
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { eventually } from '../support/hub.js'
import { type ConsoleHub, chinaDay, chinaTime, kiosk, MANAGER, startConsoleHub } from './manage-hub.js'
import {
  type ConsolePage,
  confirm,
  fetchLink,
  fillScreening,
  logIn,
  noticeCard,
  openConsole,
  openTab,
  restock,
  SOON,
  screeningCard,
  stockCard,
  submitNewItem,
} from './manage-page.js'

let hub: ConsoleHub
let browser: Browser
let phone: ConsolePage
let page: Page

beforeAll(async () => {
  hub = await startConsoleHub()
  browser = await launchChromium()
  phone = await openConsole(browser)
  page = phone.page
  await logIn(page, hub.url, MANAGER)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

interface Item {
  id: string
  count: number
  min: number
  target: number
  compartment: string | null
  batches: { batch: string; quantity: number }[]
}
const stockItems = async () => (await hub.get<{ items: Item[] }>('/api/manage/stock')).items
const kioskScreenings = async () =>
  (
    await hub.get<{ screenings: { id: string; title: string; capacity: number; start: string }[] }>(
      '/api/screenings',
      '',
    )
  ).screenings
const kioskNotices = async () =>
  (
    await hub.get<{ notices: { title: string; category: string; until: string | null }[] }>(
      '/api/notices',
      '',
    )
  ).notices

/** Leaves a tab and comes back, so the screen loads afresh from the hub. */
async function reopenTab(tab: 'screenings' | 'stock'): Promise<void> {
  await openTab(page, 'alerts')
  // Gone before the tap back: the screen is made anew, not the old one (and its data) still shown.
  await page.locator(`[data-testid="${tab}"]`).waitFor({ state: 'detached' })
  await openTab(page, tab)
  await page.locator(`[data-testid="${tab}"]`).waitFor()
}

describe('the medicine box', () => {
  it('lists what to buy, and records a restock that changes the count', async () => {
    await openTab(page, 'stock')
    const toBuy = page.locator('[data-testid="restock-list"]')
    await toBuy.filter({ hasText: '布洛芬缓释胶囊' }).waitFor()
    expect(await toBuy.textContent()).toContain('买 10 盒')
    expect(await stockCard(page, 'huoxiang').locator('.batch--soon').textContent()).toContain('即将过期')
    // Issue 10.6: a batch's badge says what it counts.
    expect(await stockCard(page, 'huoxiang').locator('.batch--soon').textContent()).toContain('6 支')
    const count = stockCard(page, 'ibuprofen').locator('[data-testid="count"]')
    expect(await count.textContent()).toBe('2 盒')

    // Issue 10.18: the restock form starts at the amount the list suggests.
    await stockCard(page, 'ibuprofen').locator('[data-testid="restock"]').tap()
    const sheet = page.locator('[data-testid="restock-sheet"]')
    expect(await sheet.locator('input[name="quantity"]').inputValue()).toBe('10')
    await sheet.locator('.sheet__close').tap()
    await sheet.waitFor({ state: 'detached' })
    expect(await stockCard(page, 'plaster').locator('[data-testid="restock"]').count()).toBe(1)
    await stockCard(page, 'plaster').locator('[data-testid="restock"]').tap()
    expect(await sheet.locator('input[name="quantity"]').inputValue()).toBe('') // nothing suggested
    await sheet.locator('.sheet__close').tap()
    await sheet.waitFor({ state: 'detached' })

    await restock(page, 'ibuprofen', 10, 'BL2511', chinaDay(400))
    await expect.poll(() => count.textContent(), SOON).toBe('12 盒')
    await toBuy.waitFor({ state: 'detached' })
    const item = (await stockItems()).find((i) => i.id === 'ibuprofen')
    expect(item?.count).toBe(12)
    expect(item?.batches).toContainEqual(expect.objectContaining({ batch: 'BL2511', quantity: 10 }))
  })

  it('adds an item, and refuses an id already in use', async () => {
    let sheet = await submitNewItem(page, {
      id: 'plaster',
      name: '创可贴（大）',
      unit: '片',
      min: 5,
      target: 20,
    })
    await sheet.locator('.form-error', { hasText: '这个编号已有药品在用，请换一个编号。' }).waitFor()
    await sheet.locator('.sheet__close').tap()

    sheet = await submitNewItem(page, { id: 'ors', name: '口服补液盐', unit: '袋', min: 4, target: 20 })
    await sheet.waitFor({ state: 'detached' })
    expect(await stockCard(page, 'ors').locator('[data-testid="count"]').textContent()).toBe('0 袋')
    await page.locator('[data-testid="restock-list"]', { hasText: '口服补液盐买 20 袋' }).waitFor()
    expect((await stockItems()).find((i) => i.id === 'ors')).toMatchObject({
      min: 4,
      target: 20,
      compartment: null,
      count: 0,
    })
  })
})

describe('the cold-chain record', () => {
  it('takes the corrective action for an excursion, and exports the record as CSV', async () => {
    for (const v of [4.0, 7.5, 3.5]) await hub.temperature(v)
    await eventually(async () => {
      const r = await hub.get<{ excursions: { end: string | null }[] }>('/api/manage/coldchain/fridge-temp')
      return r.excursions[0]?.end ?? undefined
    })
    await openTab(page, 'devices')
    await page.locator('[data-device-id="fridge-temp"] a').tap()
    const record = page.locator('[data-testid="coldchain"]')
    const excursion = record.locator('[data-testid="excursion"]').first()
    await excursion.waitFor()
    expect(await excursion.textContent()).toContain('温度过高，最高 7.5 °C')

    await excursion.locator('button', { hasText: '填写处理措施' }).tap()
    const sheet = page.locator('[data-testid="action-sheet"]')
    await sheet.locator('textarea').fill('门没关严，已关好；食物检查后未丢弃')
    await sheet.locator('[data-testid="submit"]').tap()
    await sheet.waitFor({ state: 'detached' })
    await excursion.filter({ hasText: '处理措施：门没关严，已关好；食物检查后未丢弃（wang）' }).waitFor()

    const csv = await fetchLink(page, record.locator('a', { hasText: '导出 CSV' }))
    expect(csv).toMatchObject({
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="coldchain-fridge-temp.csv"',
      bom: true,
    })
    expect(csv.text).toContain('门没关严，已关好；食物检查后未丢弃')
    expect(csv.text).toContain(',3.5,7.5,3')
  })
})

describe('checkup events', () => {
  const day = chinaDay(5)

  it('creates, edits and cancels an event; the kiosk’s list follows', async () => {
    await openTab(page, 'screenings')
    await page.locator('[data-testid="add-screening"]').tap()
    let sheet = await fillScreening(page, {
      title: '口腔检查',
      organiser: '市口腔医院志愿者',
      place: '社区党群服务中心二楼',
      start: `${day}T10:00`,
      end: `${day}T12:00`,
      capacity: 3,
    })
    await sheet.waitFor({ state: 'detached' })
    await screeningCard(page, '口腔检查').filter({ hasText: '已报名 0 / 3 人' }).waitFor()
    const made = (await kioskScreenings()).find((s) => s.title === '口腔检查')
    expect(made?.id).toMatch(/^ev-[0-9a-f]{8}$/)
    expect(made).toMatchObject({ capacity: 3, start: new Date(`${day}T10:00:00+08:00`).toISOString() })

    await screeningCard(page, '口腔检查').locator('button', { hasText: '编辑' }).tap()
    sheet = await fillScreening(page, { title: '口腔检查与洗牙咨询', capacity: 5 })
    await sheet.waitFor({ state: 'detached' })
    const card = screeningCard(page, '口腔检查与洗牙咨询')
    await card.filter({ hasText: '已报名 0 / 5 人' }).waitFor()
    expect((await kioskScreenings()).find((s) => s.id === made?.id)).toMatchObject({
      title: '口腔检查与洗牙咨询',
      capacity: 5,
    })

    await card.locator('button', { hasText: '取消活动' }).tap()
    await confirm(page)
    const calls = page.locator('[data-testid="call-list"]')
    expect(await calls.locator('.sheet__lead').textContent()).toBe('活动已取消，没有需要通知的人。')
    await calls.locator('button', { hasText: '完成' }).tap()
    await card.locator('.tag', { hasText: '已取消' }).waitFor()
    expect(await card.locator('button', { hasText: '编辑' }).count()).toBe(0)
    expect((await kioskScreenings()).some((s) => s.id === made?.id)).toBe(false)
  })

  it('lists who signed up with the number to call, counting only those who hold a place or wait', async () => {
    const chen = await kiosk.signUp(hub, 'checkup', '陈小明', '13812341234')
    expect(chen.status).toBe(201)
    expect((await kiosk.signUp(hub, 'checkup', '李华', '13900005678')).status).toBe(201)
    expect((await kiosk.signUp(hub, 'checkup', '王芳', '15000001111')).body).toMatchObject({
      status: 'waitlisted',
    })
    // Issue 10.18: one who signed up and gave up again is not counted as signed up.
    const zhao = (await kiosk.signUp(hub, 'checkup', '赵六', '15100002222')).body as { code: string }
    await hub.send('DELETE', `/api/screenings/checkup/signups/${zhao.code}`, { phone: '15100002222' }, '')
    await reopenTab('screenings')
    const card = screeningCard(page, '免费体检：血压、血糖')
    expect(await card.textContent()).toContain('已报名 2 / 2 人 · 候补 1 人')
    await card.locator('button', { hasText: '报名名单（3）' }).tap()
    // Issue 10.1: the organiser sees each number in full, one tap from a call.
    await expect
      .poll(() => card.locator('.signups li').allTextContents(), SOON)
      .toEqual([
        '陈小明已确认拨打 138 1234 1234',
        '李华已确认拨打 139 0000 5678',
        '王芳候补第 1 位拨打 150 0000 1111',
        '（姓名已按规定删除）已取消', // 赵六's name went with the sign-up
      ])
    expect(
      await card
        .locator('[data-testid="signup-call"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['tel:13812341234', 'tel:13900005678', 'tel:15000001111'])
    await saveScreenshot(page, 'manage-real-signups-360x740')

    const csv = await fetchLink(page, card.locator('a', { hasText: '导出 CSV' }))
    expect(csv).toMatchObject({
      status: 200,
      disposition: 'attachment; filename="screening-checkup-signups.csv"',
      bom: true,
    })
    expect(csv.text).toContain('确认码,状态,候补位次,姓名,手机号,报名时间,通知')
    expect(csv.text).toContain('陈小明,"=""13812341234"""')

    // 陈小明 gives up at the kiosk: 王芳 moves up, and the manager is shown whom to call until marked told.
    await hub.send(
      'DELETE',
      `/api/screenings/checkup/signups/${(chen.body as { code: string }).code}`,
      { phone: '13812341234' },
      '',
    )
    await reopenTab('screenings')
    await card.locator('[data-testid="to-tell"]', { hasText: '1 人候补转正，待通知' }).waitFor()
    const wang = card.locator('.signups li', { hasText: '王芳' })
    expect(await wang.locator('[data-testid="tell"]').textContent()).toContain('候补转正，请通知')
    expect(await wang.locator('[data-testid="signup-call"]').getAttribute('href')).toBe('tel:15000001111')
    await saveScreenshot(page, 'manage-real-promoted-360x740')
    await wang.locator('[data-testid="tell"] button', { hasText: '已通知' }).tap()
    await card.locator('[data-testid="to-tell"]').waitFor({ state: 'detached' })
    await card.locator('button', { hasText: '报名名单（2）' }).tap()
    expect(await card.locator('.signups li', { hasText: '王芳' }).textContent()).toContain('已通知')
  })

  it('calls an event off only from a button that cannot be mistaken for closing, then lists whom to call', async () => {
    const { body } = await hub.send<{ screening: { id: string } }>('POST', '/api/manage/screenings', {
      title: '中医体质辨识',
      organiser: '社区卫生服务中心',
      start: chinaTime(4, '09:00'),
      end: chinaTime(4, '11:00'),
      place: '驿站活动室',
      capacity: 1,
    })
    const id = body.screening.id
    expect((await kiosk.signUp(hub, id, '周七', '13700007777')).status).toBe(201)
    expect((await kiosk.signUp(hub, id, '吴八', '13700008888')).status).toBe(201)
    await reopenTab('screenings')
    const card = screeningCard(page, '中医体质辨识')
    // Issue 10.18: the edit sheet closes with 不保存, never a 取消 beside 取消活动.
    await card.locator('button', { hasText: '编辑' }).tap()
    const sheet = page.locator('[data-testid="screening-sheet"]')
    await expect.poll(() => sheet.locator('button').allTextContents(), SOON).toEqual(['×', '不保存', '保存'])
    await sheet.locator('button', { hasText: '不保存' }).tap()
    await sheet.waitFor({ state: 'detached' })

    await card.locator('button', { hasText: '取消活动' }).tap()
    const ask = page.locator('[data-testid="confirm-sheet"]')
    await expect
      .poll(() => ask.locator('.form-buttons button').allTextContents(), SOON)
      .toEqual(['保留活动', '确认取消活动'])
    expect(await ask.locator('.sheet__lead').textContent()).toContain('报名的 2 人需要通知')
    await confirm(page)
    // Issue 10.1: who to call, with their numbers, right after.
    const calls = page.locator('[data-testid="call-list"]')
    await calls.waitFor()
    expect(await calls.locator('.signups li .signup__name').allTextContents()).toEqual(['周七', '吴八'])
    expect(
      await calls
        .locator('[data-testid="signup-call"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['tel:13700007777', 'tel:13700008888'])
    await saveScreenshot(page, 'manage-real-call-list-360x740')
    await calls.locator('li', { hasText: '周七' }).locator('button', { hasText: '已通知' }).tap()
    await calls.locator('li', { hasText: '周七' }).waitFor({ state: 'detached' })
    await calls.locator('button', { hasText: '完成' }).tap()
    await card.locator('[data-testid="to-tell"]', { hasText: '1 人待通知活动取消' }).waitFor()
  })

  it('says so when another manager called the event off while this one was editing it', async () => {
    const { body } = await hub.send<{ screening: { id: string } }>('POST', '/api/manage/screenings', {
      title: '颈肩腰腿义诊',
      organiser: '社区卫生服务中心',
      start: chinaTime(3, '14:00'),
      end: chinaTime(3, '16:00'),
      place: '驿站康复室',
      capacity: 12,
    })
    await reopenTab('screenings')
    const card = screeningCard(page, '颈肩腰腿义诊')
    await card.locator('button', { hasText: '编辑' }).tap()
    await hub.send('POST', `/api/manage/screenings/${body.screening.id}/cancel`)
    const sheet = await fillScreening(page, { capacity: 15 })
    await sheet.locator('.form-error', { hasText: '这项活动已结束或已取消，不能再修改。' }).waitFor()
    await sheet.locator('.sheet__close').tap()
    await card.locator('.tag', { hasText: '已取消' }).waitFor()
  })

  it('refuses fewer seats than the places confirmed, saying how many', async () => {
    const card = screeningCard(page, '免费体检：血压、血糖')
    await card.locator('button', { hasText: '编辑' }).tap()
    const sheet = await fillScreening(page, { capacity: 1 })
    await sheet.locator('.form-error', { hasText: '已有 2 人确认参加，名额不能少于 2。' }).waitFor()
    await sheet.locator('.sheet__close').tap()
  })
})

describe('notices', () => {
  it('puts up a notice and takes it down; the kiosk’s list follows', async () => {
    await openTab(page, 'notices')
    await page.locator('[data-testid="add-notice"]').tap()
    const sheet = page.locator('[data-testid="notice-sheet"]')
    await sheet.locator('select[name="category"]').selectOption('health')
    await sheet.locator('input[name="title"]').fill('流感疫苗免费接种')
    await sheet.locator('textarea[name="body"]').fill('本周六上午在社区卫生服务中心，请带身份证。')
    await sheet.locator('input[name="until"]').fill(chinaDay(10))
    await sheet.locator('[data-testid="submit"]').tap()
    await sheet.waitFor({ state: 'detached' })
    const card = noticeCard(page, '流感疫苗免费接种')
    expect(await card.textContent()).toContain('显示到')
    const shown = (await kioskNotices()).find((n) => n.title === '流感疫苗免费接种')
    expect(shown?.category).toBe('health')
    expect(Date.parse(shown?.until ?? '')).toBe(Date.parse(`${chinaDay(10)}T23:59:59+08:00`))

    await card.locator('button', { hasText: '下架' }).tap()
    await confirm(page)
    await card.filter({ hasText: '已于' }).waitFor()
    expect(await card.getAttribute('class')).toContain('card--dim')
    expect((await kioskNotices()).map((n) => n.title)).toEqual(['法律援助：劳动纠纷免费咨询'])
  })
})

describe('check-in figures', () => {
  it('shows today by platform and purpose, a daily chart, and the monthly report as CSV', async () => {
    expect((await kiosk.checkIn(hub, '13800000001', 'meituan', ['rest', 'charge'])).status).toBe(201)
    expect((await kiosk.checkIn(hub, '13800000002', 'meituan', ['water'])).status).toBe(201)
    expect((await kiosk.checkIn(hub, '13800000003', 'eleme', ['rest'])).status).toBe(201)
    // The bars are named from the kiosk's settings, a load of their own: made to answer after the counts,
    // the figures must still never show a choice's id (meituan2) in place of its name.
    const slowSettings = async (route: Route) => {
      await new Promise((r) => setTimeout(r, 800))
      await route.continue()
    }
    await page.route('**/api/kiosk', slowSettings)
    await openTab(page, 'stats')
    await page.locator('[data-testid="total"]', { hasText: '3' }).waitFor()
    const bars = () =>
      page
        .locator('.bars')
        .evaluateAll((els) =>
          els.map((el) => [...el.querySelectorAll('.bars__row')].map((r) => r.textContent)),
        )
    expect(await bars()).toEqual([
      ['美团2', '饿了么1'],
      ['歇脚休息2', '喝水1', '手机充电1'], // ties in the station's order
    ])
    await page.unroute('**/api/kiosk', slowSettings)
    await page.locator('[data-testid="stats"] .chart canvas').waitFor()

    const month = chinaDay(0).slice(0, 7)
    const csv = await fetchLink(page, page.locator('[data-testid="report-csv"]'))
    expect(csv).toMatchObject({
      status: 200,
      disposition: `attachment; filename="checkins-${month}.csv"`,
      bom: true,
    })
    expect(csv.text.split('\r\n')[0]).toMatch(/^\uFEFF日期,人次,美团,饿了么/)
    expect(csv.text).toContain(`${chinaDay(0)},3,2,1`)
    expect(phone.errors).toEqual([])
  })
})
