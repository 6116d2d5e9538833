// What the manager console's browser tests share: a phone (or desktop) page, logging in through the form,
// the taps of each flow as a manager makes them, CSV links fetched with the page's session, and the checks
// every screen must pass on a 360 px phone.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { STEP_MS } from '../support/chromium.js'

export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }
// Touch on too: the flows tap, as on a phone (a touch laptop or a tablet in landscape).
export const DESKTOP = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: true }

export { SOON } from '../support/chromium.js'

export interface ConsolePage {
  context: BrowserContext
  page: Page
  /** Uncaught exceptions on the page; a test ends by expecting this to be empty. */
  errors: string[]
}

/** `timezoneId`: the phone's own zone (a station is in Asia/Shanghai unless a test says otherwise). */
export async function openConsole(
  browser: Browser,
  device: typeof PHONE = PHONE,
  timezoneId = 'Asia/Shanghai',
): Promise<ConsolePage> {
  const context = await browser.newContext({ ...device, locale: 'zh-CN', timezoneId })
  // Well under the test's own 30 s, so a step that hangs fails naming its locator, not just "timed out".
  context.setDefaultTimeout(STEP_MS)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

type Account = { name: string; password: string }

/** Types a name and password into the login form and submits it. */
export async function submitLogin(page: Page, account: Account): Promise<void> {
  await page.fill('input[name="name"]', account.name)
  await page.fill('input[name="password"]', account.password)
  await page.locator('[data-testid="login"] button[type="submit"]').tap()
}

/** Opens the console and logs in through its own form; resolves once the console shows the account. */
export async function logIn(page: Page, url: string, account: Account): Promise<void> {
  await page.goto(url)
  await page.locator('[data-testid="login"]').waitFor()
  await submitLogin(page, account)
  await page.locator('[data-testid="user"]', { hasText: account.name }).waitFor()
}

export type Tab = 'alerts' | 'devices' | 'stock' | 'screenings' | 'notices' | 'stats'

export const openTab = (page: Page, tab: Tab) => page.locator(`[data-testid="tab-${tab}"]`).tap()

// ---- alerts -------------------------------------------------------------------------------------------

export const alertCard = (page: Page, id: string) => page.locator(`[data-alert-id="${id}"]`)
export const badge = (page: Page) => page.locator('[data-testid="badge"]')

export async function acknowledge(page: Page, id: string): Promise<void> {
  await alertCard(page, id).locator('[data-testid="ack"]').tap()
  await alertCard(page, id).locator('[data-testid="alert-state"]', { hasText: '已确认' }).waitFor()
}

/** Opens the resolve sheet of an alert, writes the note and submits; the card leaves the inbox. */
export async function resolve(page: Page, id: string, note: string): Promise<void> {
  await alertCard(page, id).locator('[data-testid="resolve"]').tap()
  const sheet = page.locator('[data-testid="resolve-sheet"]')
  await sheet.locator('textarea').fill(note)
  await sheet.locator('[data-testid="submit"]').tap()
  await alertCard(page, id).waitFor({ state: 'detached' })
}

// ---- stock --------------------------------------------------------------------------------------------

export const stockCard = (page: Page, id: string) => page.locator(`[data-item-id="${id}"]`)

export async function restock(page: Page, itemId: string, quantity: number, batch: string, expires: string) {
  await stockCard(page, itemId).locator('[data-testid="restock"]').tap()
  const sheet = page.locator('[data-testid="restock-sheet"]')
  await sheet.locator('input[name="quantity"]').fill(String(quantity))
  await sheet.locator('input[name="batch"]').fill(batch)
  await sheet.locator('input[name="expires"]').fill(expires)
  await sheet.locator('[data-testid="submit"]').tap()
  await sheet.waitFor({ state: 'detached' })
}

export interface ItemFields {
  id: string
  name: string
  unit: string
  min: number
  target: number
}

/** Fills the new-item sheet and submits it; the sheet stays open when the hub refuses. */
export async function submitNewItem(page: Page, item: ItemFields): Promise<Locator> {
  await page.locator('[data-testid="add-item"]').tap()
  const sheet = page.locator('[data-testid="item-sheet"]')
  await sheet.locator('input[name="id"]').fill(item.id)
  await sheet.locator('input[name="name"]').fill(item.name)
  await sheet.locator('input[name="unit"]').fill(item.unit)
  await sheet.locator('input[name="min"]').fill(String(item.min))
  await sheet.locator('input[name="target"]').fill(String(item.target))
  await sheet.locator('[data-testid="submit"]').tap()
  return sheet
}

// ---- screening events and notices ---------------------------------------------------------------------

export const screeningCard = (page: Page, title: string) =>
  page.locator('[data-testid="screenings"] [data-screening-id]', { hasText: title })

export interface ScreeningFields {
  title: string
  organiser: string
  place: string
  /** datetime-local values, in the page's time zone (Asia/Shanghai). */
  start: string
  end: string
  capacity: number
}

/** Fills the event sheet (new, or the one already open for an edit) with what is given, and saves. */
export async function fillScreening(page: Page, fields: Partial<ScreeningFields>): Promise<Locator> {
  const sheet = page.locator('[data-testid="screening-sheet"]')
  for (const [name, value] of Object.entries(fields))
    await sheet.locator(`input[name="${name}"]`).fill(String(value))
  await sheet.locator('[data-testid="submit"]').tap()
  return sheet
}

export const noticeCard = (page: Page, title: string) =>
  page.locator('[data-testid="notices"] [data-notice-id]', { hasText: title })

/** Taps the confirm button of the open "are you sure?" sheet and waits for it to close. */
export async function confirm(page: Page): Promise<void> {
  const sheet = page.locator('[data-testid="confirm-sheet"]')
  await sheet.locator('[data-testid="confirm"]').tap()
  await sheet.waitFor({ state: 'detached' })
}

// ---- CSV downloads ------------------------------------------------------------------------------------

export interface CsvAnswer {
  status: number
  contentType: string | undefined
  disposition: string | undefined
  /** The first bytes are the UTF-8 byte-order mark spreadsheet programs need. */
  bom: boolean
  text: string
}

/** Fetches the file a download link points to, with the page's session cookie, as the browser would. */
export async function fetchLink(page: Page, link: Locator): Promise<CsvAnswer> {
  const href = await link.getAttribute('href')
  if (!href) throw new Error('the link has no href')
  expect(await link.getAttribute('download')).not.toBeNull()
  const res = await page.request.get(new URL(href, page.url()).href)
  const bytes = await res.body()
  return {
    status: res.status(),
    contentType: res.headers()['content-type'],
    disposition: res.headers()['content-disposition'],
    bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
    text: bytes.toString('utf8'),
  }
}

// ---- layout -------------------------------------------------------------------------------------------

export const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

/** Visible buttons and links smaller than 44 px either way (the tab bar included). */
export const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a.btn, .tabs__tab, .segmented__item')]
      .filter((el) => el.offsetParent !== null && !el.classList.contains('sheet__backdrop'))
      .map((el) => ({ text: el.textContent?.trim(), ...el.getBoundingClientRect().toJSON() }))
      .filter((r) => r.width < 44 || r.height < 44),
  )
