import { existsSync } from 'node:fs'
import { CentralErrors } from '../errors.js'

/** Debian's Chromium (apt-get install chromium fonts-noto-cjk): the default of `reports.chromium`. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Flags of a headless print with nothing of a user's browser: no sync, no updates, no network of its own. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]

const FOOTER = `<div style="width:100%;font-size:8pt;color:#666;text-align:center;font-family:'Noto Sans CJK SC',sans-serif">
第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>`

/** One print at a time: a Chromium is some 100 MB, and a district's server is a small box. */
let queue: Promise<unknown> = Promise.resolve()

/**
 * The page printed to PDF by Chromium (playwright-core driving the system's Chromium, never a downloaded
 * one), A4 as the page's own @page says, with page numbers. Scripts are off and nothing is fetched: the
 * page is whole in itself. Each print has a fresh browser and profile, closed after it.
 */
export function printPdf(html: string, chromium: string | null): Promise<Buffer> {
  const path = chromium ?? DEFAULT_CHROMIUM
  if (!existsSync(path)) return Promise.reject(new CentralErrors.NO_PDF())
  const run = queue.then(() => print(html, path))
  queue = run.catch(() => {})
  return run
}

async function print(html: string, executablePath: string): Promise<Buffer> {
  // Loaded when a PDF is asked for. A development dependency, as is tsx that runs `npm run central`: the
  // station's release archive (production packages only) stays 14 MB lighter, and a central service
  // installed without it answers 501 as it does without a Chromium.
  const { chromium } = await import('playwright-core').catch(() => {
    throw new CentralErrors.NO_PDF()
  })
  const browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60_000 })
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
    const page = await context.newPage()
    await page.route('**/*', (route) => route.abort())
    await page.setContent(html, { waitUntil: 'load', timeout: 60_000 })
    return await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: FOOTER,
    })
  } finally {
    await browser.close()
  }
}
