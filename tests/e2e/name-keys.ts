// Typing a name on the kiosk's name keyboard by touch, counting every tap: letter keys, candidates, and
// the candidate bar's next-page button. The only file that knows the keyboard's markup. No vitest import,
// so tests/bench/name-taps.ts can use it too.
import type { Page } from 'playwright-core'

const key = (k: string) => `.simple-keyboard [data-skbtn="${k}"]`
const CANDIDATE = '[data-testid="candidate"]'
const NEXT_PAGE = '[data-testid="candidates-next"]:not([disabled])'
const FIELD = '[data-testid="name-field"]'

/**
 * Polls `read` until `done` holds of what it returns, for at most `ms`; returns the last value either way
 * (the caller's own checks then say what was wrong). The keyboard redraws the field and the candidate bar
 * after a tap, not during it: on a loaded machine, a read straight after a tap can see the screen before it.
 */
async function settle<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = await read()
    if (done(v) || Date.now() > until) return v
    await new Promise((r) => setTimeout(r, 25))
  }
}

const letters = (s: string) => s.replace(/[\s']/g, '').toLowerCase()

/**
 * Taps keys by what they type (`'` is the syllable separator); returns the number of taps. Waits until the
 * field shows the letters typed (or 2 s), so that what is read next is of this screen.
 */
export async function tapKeys(page: Page, keys: string): Promise<number> {
  for (const k of keys) await page.locator(key(k === ' ' ? '{space}' : k)).tap()
  const typed = letters(keys)
  if (typed)
    await settle(
      () => nameFieldText(page),
      (t) => letters(t).endsWith(typed),
      2000,
    )
  return keys.length
}

export async function tapNamedKey(page: Page, name: 'mode' | 'bksp' | 'clear' | 'space'): Promise<void> {
  await page.locator(key(`{${name}}`)).tap()
}

/** The candidates shown on the candidate bar's current page. */
export async function candidates(page: Page): Promise<string[]> {
  const items = await page.locator(CANDIDATE).allTextContents()
  return items.map((s) => s.trim())
}

export async function nameFieldText(page: Page): Promise<string> {
  return ((await page.textContent(FIELD)) ?? '').trim()
}

/** Pages the candidate bar forward until `text` is on it, then taps it; returns the taps it took. */
export async function pickCandidate(page: Page, text: string): Promise<number> {
  let taps = 0
  for (;;) {
    const exact = page.locator(CANDIDATE).filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
    if ((await exact.count()) > 0) {
      const before = await nameFieldText(page)
      await exact.first().tap()
      await settle(
        () => nameFieldText(page),
        (t) => t !== before,
      )
      return taps + 1
    }
    if ((await page.locator(NEXT_PAGE).count()) === 0)
      throw new Error(`${text} is not among the candidates (${taps} pages looked at)`)
    await nextPage(page)
    taps++
  }
}

/** The candidate bar's next page, once it shows (another page's candidates). */
async function nextPage(page: Page): Promise<void> {
  const before = (await candidates(page)).join(' ')
  await page.locator(NEXT_PAGE).tap()
  await settle(
    () => candidates(page),
    (c) => c.join(' ') !== before,
  )
}

/** The characters of `name` already in the field: the field's text up to its first Latin letter. */
async function converted(page: Page, name: string): Promise<string> {
  const text = (await nameFieldText(page)).replace(/[a-zü'\s].*$/i, '')
  if (!name.startsWith(text)) throw new Error(`the field shows ${text}, not the start of ${name}`)
  return text
}

/**
 * Picks candidates until the field holds `name`, as a courier would: on each page of the bar, the
 * longest candidate that is the next part of the name; the next page when none is. Returns the taps.
 */
export async function pickUntil(page: Page, name: string): Promise<number> {
  let taps = 0
  for (let done = await converted(page, name); done !== name; done = await converted(page, name)) {
    const rest = name.slice(done.length)
    for (;;) {
      const shown = await candidates(page)
      const fits = shown.filter((c) => c !== '' && rest.startsWith(c)).sort((a, b) => b.length - a.length)
      if (fits[0]) {
        const before = await nameFieldText(page)
        await page
          .locator(CANDIDATE)
          .filter({ hasText: new RegExp(`^\\s*${fits[0]}\\s*$`) })
          .first()
          .tap()
        await settle(
          () => nameFieldText(page),
          (t) => t !== before,
        )
        taps++
        break
      }
      if ((await page.locator(NEXT_PAGE).count()) === 0)
        throw new Error(`no candidate for ${rest} in ${taps} taps (last page: ${shown.join(' ')})`)
      await nextPage(page)
      taps++
    }
  }
  return taps
}

/** The whole name's pinyin at once, then candidates: how couriers type on their phones. */
export async function typeWholeName(page: Page, pinyin: string, name: string): Promise<number> {
  return (await tapKeys(page, pinyin)) + (await pickUntil(page, name))
}

/** One syllable, then its character, and so on: the only way the keyboard before issue 10 could type. */
export async function typeBySyllable(page: Page, parts: [string, string][]): Promise<number> {
  let taps = 0
  let done = ''
  for (const [pinyin, chars] of parts) {
    done += chars
    taps += (await tapKeys(page, pinyin)) + (await pickUntil(page, done))
  }
  return taps
}
