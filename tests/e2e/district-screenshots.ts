// Screenshots of the district page for docs/screenshots/: the real built page (dist/kiosk, `npm run build`
// first) on a real central service with the demo district of `npm run central` (server/central/demo.ts),
// one fridge gone warm and one station dark, in Chromium at 1280×800 and 360×740. `npm run screenshots`.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { DEMO_DISTRICT, registerDemo, startDemoFleet } from '../../server/central/demo.js'
import { startTestCentral } from '../support/central.js'
import { launchChromium } from '../support/chromium.js'
import { openDistrict } from './district-fleet.js'
import { DESKTOP, PHONE } from './manage-page.js'

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

const central = await startTestCentral({ settings: undefined })
await registerDemo(central.app.central.registry)
const fleet = await startDemoFleet(central.app.central.brokerUrl, () => {})
await Promise.all(fleet.sims.map((s) => s.acked()))
const browser = await launchChromium()
try {
  await mkdir(out, { recursive: true })
  const warm = fleet.sims[4]
  warm?.station.temperature(9.6)
  warm?.station.raise({ type: 'door-open', severity: 'critical', alertId: 'shot-door' })
  warm?.poke()
  await warm?.acked()
  await fleet.sims[9]?.kill()
  for (const [name, device] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    const { context, page } = await openDistrict(browser, central.url, device)
    await page.locator(`[data-testid="station-${DEMO_DISTRICT[9]?.id}"][data-online="false"]`).waitFor()
    await page.screenshot({ path: `${out}district-overview-${name}.png` })
    if (name === 'desktop') {
      await page.locator(`[data-testid="station-${DEMO_DISTRICT[4]?.id}"]`).click()
      await page.locator('[data-testid="station-page"]').waitFor()
      await page.waitForTimeout(800)
      await page.screenshot({ path: `${out}district-station-desktop.png` })
    }
    await context.close()
  }
} finally {
  await browser.close()
  await fleet.stop()
  await central.close()
}
