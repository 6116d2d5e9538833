// The monthly report's printed page for docs/screenshots/report-a4.png: a street of three simulated
// stations uplinking to a central service, the report's HTML rendered as print media at A4 (794 × 1123 CSS
// px) in Debian's Chromium. `npx tsx tests/e2e/report-screenshot.ts`.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { StationTime } from '../../server/time/station-time.js'
import { startSim, startTestCentral } from '../support/central.js'
import { launchChromium } from '../support/chromium.js'

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const PW = 'password-0123456789-abcdef'
const central = await startTestCentral({
  settings: {
    district: { name: '东城区' },
    escalation: { afterMin: 0, webhooks: [] },
    metrics: { token: null },
    reports: { chromium: null },
  },
})
const places: [string, string, string, string][] = [
  ['ds-1', '朝西驿站 1号', '东四街道', '朝西社区'],
  ['ds-2', '朝西驿站 2号', '东四街道', '朝西社区'],
  ['ds-3', '史家驿站', '东四街道', '史家社区'],
]
const sims: UplinkSim[] = []
let seed = 3
for (const [id, name, street, community] of places) {
  await central.app.central.registry.add({ id, name, street, community }, PW)
  const sim = await startSim(id, central.app.central.brokerUrl, PW, { seed: seed++ })
  for (let i = 0; i < 120; i++) sim.station.step()
  const alert = sim.station.raise({ type: 'door-open', severity: 'major' })
  sim.station.acknowledge(alert.alertId)
  sim.station.restock()
  sim.poke()
  await sim.acked()
  sims.push(sim)
}
const month = new StationTime('Asia/Shanghai').month(Date.now())
const scope = encodeURIComponent('street:东四街道')
const html = await (
  await fetch(`${central.url}/api/reports/monthly?month=${month}&scope=${scope}&format=html`, {
    headers: { cookie: central.cookie },
  })
).text()
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 794, height: 1123 } })
  await page.setContent(html)
  await page.emulateMedia({ media: 'print' })
  await mkdir(out, { recursive: true })
  await page.screenshot({ path: `${out}report-a4.png`, fullPage: true })
} finally {
  await browser.close()
  for (const s of sims) await s.stop()
  await central.close()
}
console.log(`${out}report-a4.png`)
