// What the kiosk e2e tests share: a touch-screen page, taps by what a courier reads, screenshots in both
// orientations, and checks that hold on every screen (no text fields, no small targets).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { saveScreenshot } from '../support/chromium.js'

export const LANDSCAPE = { width: 1920, height: 1080 }
export const PORTRAIT = { width: 1080, height: 1920 }

export interface KioskPage {
  context: BrowserContext
  page: Page
  /** Uncaught exceptions on the page; a test ends by expecting this to be empty. */
  errors: string[]
}

/** A touch-screen context (taps, no mouse) on the kiosk, in Chinese, waiting for the hub's settings. */
export async function openKiosk(browser: Browser, url: string, viewport = LANDSCAPE): Promise<KioskPage> {
  const context = await browser.newContext({ viewport, hasTouch: true, isMobile: false, locale: 'zh-CN' })
  // Playwright's own default (30 s) is as long as a whole test: a step that hangs would only show as the
  // test's timeout. 10 s makes it fail with what it was waiting for. Longer waits give their own timeout.
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  await page.locator('[data-testid="go-checkin"]').waitFor()
  return { context, page, errors }
}

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

/** Screenshots of the current screen in portrait and in landscape, back to the viewport it had. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  const before = page.viewportSize() ?? LANDSCAPE
  for (const [label, size] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    await page.setViewportSize(size)
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    expect(await fitsWidth(page), `${name} fits ${size.width}×${size.height}`).toBe(true)
    await saveScreenshot(page, `kiosk-${name}-${label}`)
  }
  await page.setViewportSize(before)
}

export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
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
