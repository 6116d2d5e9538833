// Typing a name in Chinese at the kiosk (issue 10, point 3), by touch on the real hub: the whole name's
// pinyin at once, then candidates, as on a courier's phone; 下一步 refuses pinyin that is not yet
// characters and Latin letters inside a Chinese name; backspace takes a picked character back to its pinyin.
// At 1024×600 (a 10-inch kiosk) and the sizes the other kiosk tests use. Every tap is counted.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/chromium.js'
import { startTestHub, type TestHub } from '../support/hub.js'
import {
  chinaTime,
  expectKioskScreen,
  type KioskPage,
  LANDSCAPE,
  openKiosk,
  PORTRAIT,
  SOON,
  tapButton,
  tapDigits,
} from './kiosk-page.js'
import {
  candidates,
  nameFieldText,
  pickCandidate,
  pickUntil,
  tapKeys,
  tapNamedKey,
  typeWholeName,
} from './name-keys.js'

const SMALL = { width: 1024, height: 600 }

/** Taps with the keyboard before this change, syllable by syllable (tests/bench/name-taps.ts measured them). */
const TAPS_BEFORE = { 陈小明: 15, 欧阳娜娜: 14, 吕丽: 7 }

const NAMES = [
  { name: '陈小明', pinyin: 'chenxiaoming' },
  { name: '欧阳娜娜', pinyin: 'ouyangnana' },
  { name: '吕丽', pinyin: 'lvli' },
] as const

let hub: TestHub
let browser: Browser

beforeAll(async () => {
  hub = await startTestHub({
    screenings: [
      {
        id: 'checkup',
        title: '免费体检',
        organiser: '宁夏妇幼保健院',
        start: chinaTime(2, '09:00'),
        end: chinaTime(2, '11:30'),
        place: '驿站活动室',
        capacity: 50,
      },
    ],
  })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

const next = (page: Page) => page.getByRole('button', { name: '下一步', exact: true })
const problem = (page: Page) => page.locator('[data-testid="name-problem"]')

async function openNameStep(page: Page): Promise<void> {
  await page.locator('[data-testid="go-screenings"]').tap()
  await page.locator('[data-screening-id="checkup"]').getByRole('button', { name: '报名' }).tap()
  await page.locator('.simple-keyboard [data-skbtn="z"]').waitFor()
}

for (const size of [SMALL, LANDSCAPE, PORTRAIT]) {
  describe(`typing a Chinese name at ${size.width}×${size.height}`, () => {
    let kiosk: KioskPage
    let page: Page
    beforeAll(async () => {
      kiosk = await openKiosk(browser, hub.url, size)
      page = kiosk.page
    })
    afterAll(async () => {
      await kiosk?.context.close()
    })

    for (const { name, pinyin } of NAMES)
      it(`types ${name} as its whole pinyin, picks it, and goes on with that name`, async () => {
        await openNameStep(page)
        const taps = await typeWholeName(page, pinyin, name)
        expect(await nameFieldText(page)).toBe(name)
        expect(await problem(page).count()).toBe(0)
        console.log(`${name} at ${size.width}×${size.height}: ${taps} taps (before: ${TAPS_BEFORE[name]})`)
        expect(taps).toBeLessThan(TAPS_BEFORE[name])
        if (size === SMALL) await saveScreenshot(page, `kiosk-name-${pinyin}-1024x600`)
        await next(page).tap()
        await tapDigits(page, '13800138000')
        await tapButton(page, '下一步')
        expect(await page.textContent('[data-testid="summary"]')).toContain(name)
        await page.locator('[data-testid="home"]').tap()
        expect(kiosk.errors).toEqual([])
      })
  })
}

describe('the name field at 1024×600', () => {
  let kiosk: KioskPage
  let page: Page
  beforeAll(async () => {
    kiosk = await openKiosk(browser, hub.url, SMALL)
    page = kiosk.page
    await openNameStep(page)
  })
  afterAll(async () => {
    await kiosk?.context.close()
  })

  it('offers common surnames first, then the next syllable once the first is picked', async () => {
    await tapKeys(page, 'chen')
    await expect.poll(() => candidates(page), SOON).toContain('陈')
    const chen = await candidates(page)
    expect(chen.indexOf('陈')).toBeLessThan(chen.includes('称') ? chen.indexOf('称') : Infinity)
    await tapKeys(page, 'xiaoming')
    await pickCandidate(page, '陈')
    await expect.poll(() => nameFieldText(page), SOON).toMatch(/^陈xiao'?ming$/)
    await expect.poll(() => candidates(page), SOON).toContain('小')
    await expectKioskScreen(page)
    await saveScreenshot(page, 'kiosk-name-candidates-1024x600')
    await tapNamedKey(page, 'clear')
    await tapKeys(page, 'ouyang')
    await expect.poll(() => candidates(page), SOON).toContain('欧阳')
    await tapNamedKey(page, 'clear')
  })

  it('refuses raw pinyin: 下一步 stays off and says why', async () => {
    await tapKeys(page, 'lvli')
    await expect.poll(() => nameFieldText(page), SOON).toMatch(/^lü'?li$/)
    expect(await next(page).isDisabled()).toBe(true)
    expect(await problem(page).textContent()).toContain('拼音')
    await tapNamedKey(page, 'clear')
  })

  it('refuses Latin letters inside a Chinese name (xiao明)', async () => {
    await tapNamedKey(page, 'mode')
    await tapKeys(page, 'xiao')
    await tapNamedKey(page, 'mode')
    await tapKeys(page, 'ming')
    await pickCandidate(page, '明')
    await expect.poll(() => nameFieldText(page), SOON).toBe('xiao明')
    expect(await next(page).isDisabled()).toBe(true)
    expect(await problem(page).textContent()).toContain('字母')
    await tapNamedKey(page, 'clear')
  })

  it('takes the last picked character back to its pinyin on backspace', async () => {
    await typeWholeName(page, 'chenxiaoming', '陈小明')
    await tapNamedKey(page, 'bksp')
    await expect.poll(() => nameFieldText(page), SOON).toBe('陈小ming')
    expect(await next(page).isDisabled()).toBe(true)
    await pickCandidate(page, '铭')
    await expect.poll(() => nameFieldText(page), SOON).toBe('陈小铭')
    expect(await next(page).isDisabled()).toBe(false)
    await tapNamedKey(page, 'clear')
  })

  it('shows the first page of the next candidates at once after a pick from a later page', async () => {
    // A fast second tap lands on whatever the bar shows: it must never show a later page of the new
    // candidates, not even for a frame before it goes back to the first.
    await tapKeys(page, 'chenxiaoming')
    await expect.poll(() => candidates(page), SOON).toContain('陈')
    await page.locator('[data-testid="candidates-next"]:not([disabled])').tap()
    await expect
      .poll(() => page.locator('[data-testid="candidates-previous"]').isDisabled(), SOON)
      .toBe(false)
    await page.evaluate(() => {
      const w = window as unknown as { barStates: boolean[] }
      w.barStates = []
      const bar = document.querySelector('[data-testid="candidates"]') as HTMLElement
      new MutationObserver(() => {
        const previous = bar.querySelector('[data-testid="candidates-previous"]') as HTMLButtonElement
        w.barStates.push(previous.disabled)
      }).observe(bar, { subtree: true, childList: true, attributes: true, characterData: true })
    })
    const picked = (await candidates(page))[0] as string
    await page.locator('[data-testid="candidate"]').first().tap()
    await expect.poll(() => nameFieldText(page), SOON).toMatch(new RegExp(`^${picked}xiao'?ming$`))
    await expect.poll(() => candidates(page), SOON).toContain('小')
    // Every state the bar went through after the pick was its first page.
    const states = await page.evaluate(() => (window as unknown as { barStates: boolean[] }).barStates)
    expect(states.length).toBeGreaterThan(0)
    expect(states.every((firstPage) => firstPage)).toBe(true)
    await tapNamedKey(page, 'clear')
  })

  it("tells xian from xi'an by the separator key", async () => {
    await tapKeys(page, 'xian')
    // The whole of xian in the field first: the candidates of xia, a tap before, are not the ones meant.
    await expect.poll(() => nameFieldText(page), SOON).toBe('xian')
    expect((await candidates(page)).filter((c) => c.length === 2)).toEqual([])
    expect(await candidates(page)).toContain('先')
    await tapNamedKey(page, 'clear')
    await tapKeys(page, "xi'an")
    await expect.poll(() => nameFieldText(page), SOON).toBe("xi'an")
    expect((await candidates(page)).some((c) => c.length === 2 && c.endsWith('安'))).toBe(true)
    await pickUntil(page, '席安')
    expect(await nameFieldText(page)).toBe('席安')
    await tapNamedKey(page, 'clear')
  })

  it('keeps names in Latin letters in ABC mode', async () => {
    await tapNamedKey(page, 'mode')
    await tapKeys(page, 'li')
    await tapNamedKey(page, 'space')
    await tapKeys(page, 'na')
    await expect.poll(() => nameFieldText(page), SOON).toBe('li na')
    expect(await next(page).isDisabled()).toBe(false)
    expect(await problem(page).count()).toBe(0)
    await tapNamedKey(page, 'clear')
    await tapNamedKey(page, 'mode')
  })

  it('says what each mode types, in English too', async () => {
    const hint = () => page.locator('.prompt__hint').textContent()
    expect(await hint()).toContain('拼音')
    await page.locator('.lang-switch').tap()
    await page.getByText('Enter your name').waitFor()
    // An empty name follows the language: English starts with letters, and says so. The keyboard takes its
    // new layout in an effect after the text has changed, so this waits for it (CI once read it a moment early).
    await expect.poll(() => page.locator('.simple-keyboard [data-skbtn="{shift}"]').count(), SOON).toBe(1)
    await expect.poll(hint, SOON).not.toMatch(/pinyin/i)
    await expectKioskScreen(page)
    await saveScreenshot(page, 'kiosk-name-english-1024x600')
    await tapNamedKey(page, 'mode')
    await expect.poll(hint, SOON).toMatch(/pinyin/i)
    await page.locator('.lang-switch').tap()
    await page.getByText('请输入姓名').waitFor()
    expect(kiosk.errors).toEqual([])
  })
})
