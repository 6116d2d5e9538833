/**
 * The district page's overview (issue 12): first render to interactive with 1,000 stations against 10, and
 * the page's main thread under a stream of 50 station events a second.
 *
 *   npx tsx tests/bench/district-overview.bench.ts     (BENCH_DISTRICT_N=1000, BENCH_DISTRICT_ROUNDS=5,
 *                                                       BENCH_DISTRICT_RATE=50, BENCH_DISTRICT_SEC=10)
 *
 * One central service (PGlite, its embedded broker) with N stations on ten streets plus a street of ten:
 * the district manager's overview shows all N + 10, a staff account scoped to the small street shows 10,
 * so both pages come from the same service in the same run. The built page (dist/kiosk) in headless
 * Chromium. (1) From navigation start to the main thread's first free moment after every station's row is in the DOM
 * (the page itself records it: an init script looks every 5 ms, then the next task runs: the thread is free), the median of
 * ROUNDS fresh loads each; the ratio 1,000 : 10 (goal ≤ 3). (2) With the 1,000-station page open, RATE
 * simulated stations each send an event a second (a check-in, a reading, an alert) for SEC seconds; the
 * page's main-thread busy share is Chromium's TaskDuration over wall time (CDP Performance.getMetrics),
 * against the same page with no events. Stations without a simulator are registered but never connected:
 * their rows render the same DOM. Stops by itself; 127.0.0.1 only.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { startTestCentral } from '../support/central.js'
import { launchChromium } from '../support/chromium.js'
import { type Metric, median, printBench, repoRoot, round, sleep, verdict } from './lib.js'

const N = Number(process.env.BENCH_DISTRICT_N ?? 1000)
const ROUNDS = Number(process.env.BENCH_DISTRICT_ROUNDS ?? 5)
const RATE = Number(process.env.BENCH_DISTRICT_RATE ?? 50)
const SEC = Number(process.env.BENCH_DISTRICT_SEC ?? 10)
const PW = 'bench-district-uplink-password'
const SMALL = { name: 'small', password: 'small-street-password' }
const SMALL_STREET = '小街道'

if (!existsSync(join(repoRoot, 'dist/kiosk/district.html')))
  throw new Error('no built district page: npm run build first (the page the central service serves)')
const central = await startTestCentral({ users: [{ role: 'staff', ...SMALL }] })
const registry = central.app.central.registry
const ids: string[] = []
for (let i = 0; i < N + 10; i++) {
  const small = i >= N
  const id = small ? `s-${i - N}` : `b-${String(i).padStart(4, '0')}`
  await registry.add(
    {
      id,
      name: `驿站 ${id}`,
      street: small ? SMALL_STREET : `街道 ${i % 10}`,
      community: small ? '小社区' : `社区 ${i % 10}-${Math.floor(i / 10) % 5}`,
    },
    PW,
  )
  ids.push(id)
}
await central.send('PUT', '/api/staff/small/scope', { level: 'street', street: SMALL_STREET })
console.log(`registered ${ids.length} stations`)
const sims: UplinkSim[] = []
let browser: Browser | null = null

/** `name=value` of a Cookie header as Playwright's cookie for the service. */
function sessionCookie(header: string) {
  const at = header.indexOf('=')
  return { name: header.slice(0, at), value: header.slice(at + 1), url: central.url }
}

/** Milliseconds from navigation start to interactive with `rows` station rows, for a fresh load. */
async function loadOnce(cookie: string, rows: number): Promise<number> {
  const context = await (browser as Browser).newContext({ viewport: { width: 1280, height: 800 } })
  await context.addCookies([sessionCookie(cookie)])
  // As text: tsx would wrap a function's inner names in a helper the page does not have.
  await context.addInitScript(`(() => {
    const poll = () => {
      if (document.querySelectorAll('[data-testid="tree"] [data-online]').length >= ${rows})
        // The first task after the one that rendered them: the main thread is free to take a tap.
        setTimeout(() => { window.tti = performance.now() }, 0)
      else setTimeout(poll, 5)
    }
    setTimeout(poll, 5)
  })()`)
  const page = await context.newPage()
  await page.goto(central.url)
  await page.waitForFunction(() => (window as unknown as { tti?: number }).tti !== undefined, null, {
    timeout: 60_000,
  })
  const ms = await page.evaluate(() => (window as unknown as { tti: number }).tti)
  await context.close()
  return ms
}

async function busyShare(page: Page, seconds: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const task = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
  const t0 = await task()
  const w0 = performance.now()
  await sleep(seconds * 1000)
  const busy = (await task()) - t0
  return busy / ((performance.now() - w0) / 1000)
}

try {
  browser = await launchChromium()
  const small = await central.login(SMALL.name, SMALL.password)
  // Warm-up: the first load compiles and caches the page's scripts.
  await loadOnce(central.cookie, 10)
  const big: number[] = []
  const tiny: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    tiny.push(await loadOnce(small, 10))
    big.push(await loadOnce(central.cookie, N + 10))
  }
  const ratio = median(big) / median(tiny)
  console.log(`first render to interactive: ${N} stations ${median(big)} ms, 10 stations ${median(tiny)} ms`)

  // The live stream: RATE stations, one event each a second.
  for (let i = 0; i < RATE; i++) {
    const station = new SimStation({ id: ids[i] as string, name: `驿站 ${ids[i]}`, seed: i + 1 })
    const sim = new UplinkSim({ url: central.app.central.brokerUrl, station, password: PW })
    await sim.start()
    sims.push(sim)
  }
  await Promise.all(sims.map((s) => s.acked()))
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addCookies([sessionCookie(central.cookie)])
  const page = await context.newPage()
  await page.goto(central.url)
  await page.waitForFunction(
    (want) => document.querySelectorAll('[data-testid="tree"] [data-online]').length >= want,
    N + 10,
    { timeout: 60_000 },
  )
  await sleep(1000)
  const idle = await busyShare(page, SEC / 2)
  let events = 0
  const timers = sims.map((sim, i) =>
    setTimeout(
      () => {
        timers[i] = setInterval(() => {
          sim.station.step()
          sim.poke()
          events++
        }, 1000)
      },
      (1000 * i) / RATE,
    ),
  )
  await sleep(1000)
  const sent0 = events
  const busy = await busyShare(page, SEC)
  const rate = (events - sent0) / SEC
  for (const t of timers) clearInterval(t)
  await context.close()
  console.log(
    `main thread busy: ${round(busy * 100, 1)} % at ${rate} events/s, ${round(idle * 100, 1)} % idle`,
  )

  const metrics: Metric[] = [
    {
      metric: `first render to interactive, ${N} stations`,
      value: round(median(big), 0),
      unit: 'ms',
      note: `median of ${ROUNDS} fresh loads at 1280×800, navigation start to the first free task with every row in the DOM`,
    },
    {
      metric: 'first render to interactive, 10 stations',
      value: round(median(tiny), 0),
      unit: 'ms',
      note: 'the peer: the same page and service, a staff account scoped to a street of 10',
    },
    {
      metric: `overview ${N} : 10 stations`,
      value: round(ratio, 2),
      unit: '×',
      goal: '<= 3',
      note: `${verdict(ratio, '<= 3')}; the two medians above`,
    },
    {
      metric: `main thread busy, ${N} stations, ${RATE} station events/s`,
      value: round(busy * 100, 1),
      unit: '%',
      goal: '< 50',
      note: `${verdict(busy * 100, '< 50')}; Chromium TaskDuration over ${SEC} s; ${round(rate, 1)} events/s sent by ${RATE} simulated stations`,
    },
    {
      metric: `main thread busy, ${N} stations, no events`,
      value: round(idle * 100, 1),
      unit: '%',
      note: 'the peer: the same page open with nothing happening',
    },
  ]
  printBench('district-overview', metrics)
} finally {
  await browser?.close()
  await Promise.all(sims.map((s) => s.stop().catch(() => {})))
  await central.close()
}
