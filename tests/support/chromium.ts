import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'

/** Debian's Chromium (apt-get install chromium fonts-noto-cjk), not a Playwright download. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url))

/** How long one step of a page test may take: a Playwright action or wait, and an `expect.poll` given `SOON`. */
export const STEP_MS = 10_000

/**
 * For `expect.poll` on what a tap, a push or a fetch changes on the page (vitest's own default is 1 s, short
 * for a loaded 2-core machine): a tap can return before the page has re-rendered (effects run after paint).
 * As long as a Playwright step waits: it only bounds how long a broken page is given; a working one answers
 * at once.
 */
export const SOON = { timeout: STEP_MS }

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  })
}

/** Saves a full-page screenshot to tests/artifacts/<name>.png (git-ignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifacts, { recursive: true })
  const path = `${artifacts}${name}.png`
  await page.screenshot({ path, fullPage: true })
  return path
}
