// What the kiosk e2e tests share: a touch-screen page, taps by what a courier reads, screenshots in both
// orientations, and checks that hold on every screen (no text fields, no small targets).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { STEP_MS, saveScreenshot } from '../support/chromium.js'

export const LANDSCAPE = { width: 1920, height: 1080 }
export const PORTRAIT = { width: 1080, height: 1920 }
/** A 10-inch landscape panel, the smallest the kiosk is built for: the size every flow runs at. */
export const SMALL = { width: 1024, height: 600 }
/** Every size a kiosk screen must fit with its main actions in view (issue #10 point 2). */
export const SIZES = [
  SMALL,
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
  LANDSCAPE,
  PORTRAIT,
] as const

export interface KioskPage {
  context: BrowserContext
  page: Page
  /** Uncaught exceptions on the page; a test ends by expecting this to be empty. */
  errors: string[]
}

/** A touch-screen context (taps, no mouse) on the kiosk, in Chinese, waiting for the hub's settings. */
export async function openKiosk(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = SMALL,
): Promise<KioskPage> {
  const context = await browser.newContext({ viewport, hasTouch: true, isMobile: false, locale: 'zh-CN' })
  // Playwright's own default (30 s) is as long as a whole test: a step that hangs would only show as the
  // test's timeout. 10 s makes it fail with what it was waiting for. Longer waits give their own timeout.
  context.setDefaultTimeout(STEP_MS)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  await page.locator('[data-testid="go-checkin"]').waitFor()
  return { context, page, errors }
}

export { SOON } from '../support/chromium.js'

/** Taps the button a courier would, found by its visible name. */
export function tapButton(page: Page, name: string | RegExp): Promise<void> {
  return page.getByRole('button', { name, exact: typeof name === 'string' }).tap()
}

export async function tapDigits(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.locator(`[data-testid="keypad"] [data-key="${d}"]`).tap()
}

/** Pinyin letters on the name keyboard, and a candidate above it (paging the bar on until it shows). */
export { pickCandidate, tapKeys as tapLetters } from './name-keys.js'

export const screenName = (page: Page) => page.locator('[data-screen]').getAttribute('data-screen')

const nextFrame = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))

/**
 * The current screen at every kiosk size: it fits without scrolling the page, every button outside a
 * scrolling list is on the screen and not covered, a list longer than its space says so, and the red
 * 我需要帮助 is in view. A screenshot of each size; back to the viewport it had.
 */
export async function checkEverySize(page: Page, name: string): Promise<void> {
  const before = page.viewportSize() ?? SMALL
  for (const size of SIZES) {
    await page.setViewportSize(size)
    await nextFrame(page)
    // A list's "more below" note follows its scroll position and size on the next frame.
    await nextFrame(page)
    expect(await layoutProblems(page), `${name} at ${size.width}×${size.height}`).toEqual([])
    await saveScreenshot(page, `kiosk-${name}-${size.width}x${size.height}`)
  }
  await page.setViewportSize(before)
  await nextFrame(page)
}

/** What keeps a courier from seeing or reaching the screen's actions at the current size, in words. */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const W = window.innerWidth
    const H = window.innerHeight
    const root = document.documentElement
    if (root.scrollWidth > W) out.push(`the page is ${root.scrollWidth - W} px wider than the screen`)
    if (root.scrollHeight > H) out.push(`the page scrolls: ${root.scrollHeight - H} px below the screen`)
    const label = (el: Element) =>
      (el.getAttribute('aria-label') || el.textContent || el.getAttribute('class') || '').trim().slice(0, 24)
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    const inView = (r: DOMRect) =>
      r.top >= -0.5 && r.left >= -0.5 && r.bottom <= H + 0.5 && r.right <= W + 0.5
    // A modal (the idle warning) covers the screen on purpose: then only its own buttons must be reachable.
    const modal = document.querySelector('[aria-modal="true"]')
    for (const el of (modal ?? document).querySelectorAll('button, [role="button"], [data-skbtn]')) {
      if (!shown(el) || el.closest('[data-scroll]')) continue
      const r = el.getBoundingClientRect()
      if (!inView(r)) {
        out.push(`"${label(el)}" is off the screen`)
        continue
      }
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      if (!hit || !(hit === el || el.contains(hit)))
        out.push(`"${label(el)}" is covered by ${hit ? hit.getAttribute('class') : 'nothing'}`)
    }
    for (const list of document.querySelectorAll('[data-scroll]')) {
      if (!shown(list) || list.scrollHeight <= list.clientHeight + 1) continue
      const { overflowY } = getComputedStyle(list)
      if (overflowY !== 'auto' && overflowY !== 'scroll') out.push(`a list is cut off (${list.className})`)
      const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 2
      const more = list.parentElement?.querySelector('[data-testid="more-below"]')
      if (!atEnd && !(more && shown(more) && inView(more.getBoundingClientRect())))
        out.push(`a list longer than its space does not say so (${list.className})`)
    }
    const help = [...document.querySelectorAll('[data-help]')].some(
      (el) => shown(el) && inView(el.getBoundingClientRect()),
    )
    if (!help && !modal) out.push('no 我需要帮助 button in view')
    return out
  })
}

/** Everything a finger can press that is smaller than 64 × 64 px (CSS px), named for the failure message. */
export function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const targets = document.querySelectorAll('button, [role="button"]')
    for (const el of targets) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 && box.height === 0) continue
      if (box.width < 64 || box.height < 64)
        out.push(
          `${(el.textContent ?? '').trim() || el.className} ${Math.round(box.width)}×${Math.round(box.height)}`,
        )
    }
    return out
  })
}

/** The checks every screen must pass: touch targets ≥ 64 px, no text field a system keyboard could open. */
export async function expectKioskScreen(page: Page): Promise<void> {
  expect(await smallTargets(page)).toEqual([])
  expect(await page.locator('input, textarea, [contenteditable="true"]').count()).toBe(0)
  expect(await page.locator('.lang-switch').count()).toBe(1)
}

/** Switches to English, checks a text appears, and switches back to Chinese. */
export async function expectEnglishSwitch(page: Page, english: string | RegExp, chinese: string | RegExp) {
  await page.locator('.lang-switch').tap()
  await page.getByText(english).first().waitFor({ timeout: 2000 })
  expect(await page.getAttribute('html', 'lang')).toBe('en')
  await page.locator('.lang-switch').tap()
  await page.getByText(chinese).first().waitFor({ timeout: 2000 })
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
}

/** `YYYY-MM-DDTHH:MM:00+08:00`, `days` after today in China time. */
export function chinaTime(days: number, hhmm: string, now = Date.now()): string {
  const d = new Date(now + 8 * 3_600_000 + days * 86_400_000)
  return `${d.toISOString().slice(0, 10)}T${hhmm}:00+08:00`
}

export async function postJson<T>(
  url: string,
  body: unknown,
  method = 'POST',
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as T }
}
