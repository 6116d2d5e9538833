import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'

/** Debian's Chromium (apt-get install chromium fonts-noto-cjk), not a Playwright download. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url))

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
