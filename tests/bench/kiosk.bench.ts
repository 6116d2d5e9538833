/**
 * The courier kiosk: how much JavaScript the first page costs, and how long a check-in takes to confirm.
 *
 *   npx tsx tests/bench/kiosk.bench.ts        (BENCH_KIOSK_N=50 check-ins)
 *
 * (1) Size: the kiosk is built into a temp folder; the first page's JavaScript is the entry script of
 * index.html and every chunk it imports statically, the total adds what it imports dynamically (the pinyin
 * keyboard, fetched on the name screen only). Sizes are gzip -9 of each file, summed.
 * (2) Confirm → success: a real hub (rate limit raised) serves that build to headless Chromium with a touch
 * screen. Each round walks a new phone number through check-in and taps 确认签到; the page itself records
 * the tap's pointerdown time and the first animation frame with the success screen in the DOM, so the
 * figure is what a courier waits for, without the test driver's own round trips. The peer, measured in the
 * same rounds from the same page: a plain fetch() of POST /api/checkins with another new phone. Their
 * difference is the UI's own share (render, state, the frame).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { systemClock } from '../../server/clock.js'
import { resolveConfig } from '../../server/config/load.js'
import { buildHub } from '../../server/hub.js'
import { launchChromium } from '../support/chromium.js'
import { testDevices } from '../support/hub.js'
import { type Metric, percentile, printBench, repoRoot, round, verdict } from './lib.js'

const N = Number(process.env.BENCH_KIOSK_N ?? 50)
const WARMUP = 5
const SIZE_GOAL = '<= 60'
const LATENCY_GOAL = '< 300'

const kb = (bytes: number) => round(bytes / 1024, 1)
const gz = async (file: string) => gzipSync(await readFile(file), { level: 9 }).length

/** Chunks a module pulls in: static `import … from "./x.js"` / `import "./x.js"`, and dynamic `import("./x.js")`. */
function imports(code: string): { fixed: string[]; lazy: string[] } {
  const fixed = [...code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+\.js)["']/g)]
  const lazy = [...code.matchAll(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)]
  return { fixed: fixed.map((m) => m[1] as string), lazy: lazy.map((m) => m[1] as string) }
}

async function sizes(dist: string): Promise<Metric[]> {
  const html = await readFile(join(dist, 'index.html'), 'utf8')
  const entry = /<script[^>]+src="\/assets\/([^"]+\.js)"/.exec(html)?.[1]
  if (!entry) throw new Error('no entry script in index.html')
  const initial = new Set<string>()
  const lazy = new Set<string>()
  const walk = async (name: string, into: Set<string>) => {
    if (initial.has(name) || into.has(name)) return
    into.add(name)
    const found = imports(await readFile(join(dist, 'assets', name), 'utf8'))
    for (const f of found.fixed) await walk(f, into)
    for (const f of found.lazy) await walk(f, lazy)
  }
  await walk(entry, initial)
  for (const name of initial) lazy.delete(name)
  const sum = async (names: Iterable<string>) => {
    let total = 0
    for (const n of names) total += await gz(join(dist, 'assets', n))
    return total
  }
  const first = await sum(initial)
  const later = await sum(lazy)
  const css = [...html.matchAll(/<link rel="stylesheet"[^>]+href="\/assets\/([^"]+\.css)"/g)].map(
    (m) => m[1] as string,
  )
  const firstCss = await sum(css)
  console.log(
    `first page JS: ${[...initial].join(', ')} = ${kb(first)} KB gzip (goal ${SIZE_GOAL} KB) ${verdict(kb(first), SIZE_GOAL)}`,
  )
  console.log(
    `lazy JS: ${[...lazy].join(', ')} = ${kb(later)} KB gzip; total ${kb(first + later)} KB; first page CSS ${kb(firstCss)} KB`,
  )
  return [
    {
      metric: 'js_first_page_gzip',
      value: kb(first),
      unit: 'KB',
      goal: SIZE_GOAL,
      note: `${initial.size} chunks, gzip -9`,
    },
    {
      metric: 'js_total_gzip',
      value: kb(first + later),
      unit: 'KB',
      note: 'first page + lazy pinyin keyboard',
    },
    {
      metric: 'js_keyboard_gzip',
      value: kb(later),
      unit: 'KB',
      note: 'simple-keyboard + pinyin table, on the name screen only',
    },
    { metric: 'css_first_page_gzip', value: kb(firstCss), unit: 'KB', note: 'gzip -9' },
  ]
}

const phone = (base: number, i: number) => String(base + i)

/**
 * In-page: from the pointerdown on 确认签到 to the first animation frame with the success screen in it.
 * A string, not a function: tsx (esbuild keepNames) would wrap a function's inner functions in a `__name`
 * helper that does not exist in the page.
 */
const MEASURE_CONFIRM = `new Promise((resolve, reject) => {
  const button = document.querySelector('[data-testid="confirm-checkin"]')
  const give_up = setTimeout(() => reject(new Error('no success screen: ' + document.querySelector('main')?.textContent)), 10000)
  button.addEventListener('pointerdown', (e) => {
    const start = e.timeStamp
    const frame = () => {
      if (!document.querySelector('[data-testid="checkin-done"]')) return requestAnimationFrame(frame)
      clearTimeout(give_up)
      resolve(performance.now() - start)
    }
    requestAnimationFrame(frame)
  }, { once: true })
})`

/** Walks one courier through check-in up to the confirm button, then taps it; resolves with the in-page ms. */
async function uiCheckin(page: Page, number: string): Promise<number> {
  await page.locator('[data-testid="go-checkin"]').tap()
  for (const d of number) await page.locator(`[data-testid="keypad"] [data-key="${d}"]`).tap()
  await page.getByRole('button', { name: '下一步', exact: true }).tap()
  await page.locator('[data-testid="platform-meituan"]').tap()
  await page.getByRole('button', { name: '下一步', exact: true }).tap()
  await page.locator('[data-testid="purpose-rest"]').tap()
  await page.getByRole('button', { name: '下一步', exact: true }).tap()
  const measured = page.evaluate<number>(MEASURE_CONFIRM)
  await page.locator('[data-testid="confirm-checkin"]').tap()
  const ms = await measured
  await page.getByRole('button', { name: '返回首页', exact: true }).tap()
  return ms
}

const fetchCheckin = (page: Page, number: string) =>
  page.evaluate(async (phone) => {
    const start = performance.now()
    const res = await fetch('/api/checkins', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, platform: 'meituan', purposes: ['rest'] }),
    })
    await res.json()
    if (res.status !== 201) throw new Error(`fetch check-in answered ${res.status}`)
    return performance.now() - start
  }, number)

async function latency(dist: string): Promise<Metric[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-kiosk-data-'))
  const config = resolveConfig(
    {
      station: { id: 'bench', name: '基准驿站' },
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { embedded: { host: '127.0.0.1', port: 0 } },
      devices: testDevices,
      kiosk: { rateLimitPerMin: 100_000 },
      store: { dataDir },
    },
    'bench',
  )
  const hub = await buildHub({ config, clock: systemClock, kioskDir: dist }, { logger: false })
  await hub.listen({ host: '127.0.0.1', port: 0 })
  const url = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}/`
  const browser = await launchChromium()
  try {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })
    const page = await context.newPage()
    await page.goto(url)
    await page.locator('[data-testid="go-checkin"]').waitFor()
    const ui: number[] = []
    const bare: number[] = []
    for (let i = 0; i < WARMUP + N; i++) {
      if (process.env.BENCH_DEBUG) console.log('round', i)
      const a = await uiCheckin(page, phone(13_700_000_000, i))
      const b = await fetchCheckin(page, phone(13_600_000_000, i))
      if (i >= WARMUP) ui.push(a)
      if (i >= WARMUP) bare.push(b)
    }
    const [u50, u95, f50, f95] = [
      percentile(ui, 0.5),
      percentile(ui, 0.95),
      percentile(bare, 0.5),
      percentile(bare, 0.95),
    ]
    console.log(
      `confirm → success visible: p50 ${u50.toFixed(1)} ms  p95 ${u95.toFixed(1)} ms (n=${ui.length}, goal ${LATENCY_GOAL} ms) ${verdict(u95, LATENCY_GOAL)}`,
    )
    console.log(
      `plain fetch POST /api/checkins from the page: p50 ${f50.toFixed(1)} ms  p95 ${f95.toFixed(1)} ms`,
    )
    console.log(`the UI's own share at p50: ${(u50 - f50).toFixed(1)} ms`)
    const note = `headless Chromium, touch taps, real hub on localhost, ${N} distinct phones`
    return [
      {
        metric: 'checkin_confirm_to_success_p95',
        value: round(u95, 1),
        unit: 'ms',
        goal: LATENCY_GOAL,
        note,
      },
      { metric: 'checkin_confirm_to_success_p50', value: round(u50, 1), unit: 'ms', note },
      {
        metric: 'checkin_fetch_p95',
        value: round(f95, 1),
        unit: 'ms',
        note: `peer: plain fetch from the page, ${N} phones`,
      },
      {
        metric: 'checkin_fetch_p50',
        value: round(f50, 1),
        unit: 'ms',
        note: 'peer: plain fetch from the page',
      },
      {
        metric: 'checkin_ui_share_p50',
        value: round(u50 - f50, 1),
        unit: 'ms',
        note: 'UI p50 minus fetch p50',
      },
    ]
  } finally {
    await browser.close()
    await hub.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

const dist = await mkdtemp(join(tmpdir(), 'bench-kiosk-dist-'))
try {
  await promisify(execFile)(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'kiosk-ui/vite.config.ts',
      '--outDir',
      dist,
      '--emptyOutDir',
    ],
    { cwd: repoRoot, timeout: 180_000 },
  )
  const metrics = [...(await sizes(dist)), ...(await latency(dist))]
  printBench('kiosk', metrics)
} finally {
  await rm(dist, { recursive: true, force: true })
}
