// The console on a phone set to another zone (New York) than its station's (Asia/Shanghai): every date and
// time it shows or asks for is the station's, and the fridge's 7-day chart has a day axis over the whole
// week (issue 10.15).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { type ConsoleHub, chinaDay, MANAGER, startConsoleHub } from './manage-hub.js'
import { fillScreening, logIn, openConsole, openTab, SOON, screeningCard } from './manage-page.js'

const HOUR = 3_600_000
let hub: ConsoleHub
let browser: Browser
let page: Page

beforeAll(async () => {
  hub = await startConsoleHub()
  // Three days of readings, ending a day ago: the week's chart must still span all seven days.
  const now = Date.now()
  for (let t = now - 4 * 24 * HOUR; t < now - 24 * HOUR; t += HOUR)
    hub.t.hub.store.history.append('fridge-temp', t, 3.8)
  await hub.t.hub.store.history.flush()
  await hub.temperature(3.9)
  browser = await launchChromium()
  page = (await openConsole(browser, undefined, 'America/New_York')).page
  await logIn(page, hub.url, MANAGER)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

describe('the station’s clock on a phone in another zone', () => {
  it('shows and asks for a screening’s times as the station has them', async () => {
    await openTab(page, 'screenings')
    const card = screeningCard(page, '免费体检：血压、血糖')
    // 09:00–11:30 China time, two days from now (20:00–22:30 the day before in New York).
    const [, m, d] = chinaDay(2).split('-').map(Number)
    expect(await card.textContent()).toContain(`${m}月${d}日 09:00–11:30`)
    await card.locator('button', { hasText: '编辑' }).tap()
    const sheet = page.locator('[data-testid="screening-sheet"]')
    expect(await sheet.locator('input[name="start"]').inputValue()).toBe(`${chinaDay(2)}T09:00`)
    expect(await sheet.textContent()).toContain('按驿站当地时间（Asia/Shanghai）填写')
    await sheet.locator('button', { hasText: '不保存' }).tap()
    await sheet.waitFor({ state: 'detached' })

    await page.locator('[data-testid="add-screening"]').tap()
    const made = await fillScreening(page, {
      title: '夜间义诊',
      organiser: '社区卫生服务中心',
      place: '驿站活动室',
      start: `${chinaDay(4)}T19:00`,
      end: `${chinaDay(4)}T21:00`,
      capacity: 5,
    })
    await made.waitFor({ state: 'detached' })
    const list = await hub.get<{ screenings: { title: string; start: string }[] }>('/api/screenings', '')
    expect(list.screenings.find((s) => s.title === '夜间义诊')?.start).toBe(
      new Date(`${chinaDay(4)}T19:00:00+08:00`).toISOString(),
    )
  })

  it('labels the fridge’s week with one station day each, over the whole week', async () => {
    await openTab(page, 'devices')
    await page.locator('[data-device-id="fridge-temp"] a').tap()
    await page.locator('.segmented__item', { hasText: '7 天' }).tap()
    const chart = page.locator('[data-testid="fridge"] .uplot')
    const labels = async () => ((await chart.getAttribute('data-x-labels')) ?? '').split('|')
    // Issue 10.15: "12/3" six times, and only the data's range. Now a label per station day, all different,
    // from six days ago (the week began 7×24 h ago, mid-day) to today. Polled until the week's chart is
    // drawn: the chart shown before the tap on 7 天 has labels of its own.
    const dayLabel = (days: number) => {
      const [, m, d] = chinaDay(days).split('-').map(Number)
      return `${m}月${d}日`
    }
    await expect.poll(labels, SOON).toEqual([-6, -5, -4, -3, -2, -1, 0].map(dayLabel))
    const drawn = await labels()
    expect(new Set(drawn).size).toBe(drawn.length)
    await saveScreenshot(page, 'manage-real-fridge-week-ny-360x740')
  })
})
