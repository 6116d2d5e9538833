import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath } from '../support/chromium.js'
import { startTestHub, type TestHub } from '../support/hub.js'
import { fixtures, isRoot, repo, scratch, waitFor } from './lib.js'

const MANAGED = '/etc/chromium/policies/managed'

/** Why the test cannot run here, or null. */
function reasonToSkip(): string | null {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath}`
  if (!isRoot) return 'Chromium reads managed policies only from /etc/chromium/policies/managed: needs root'
  const probe = spawnSync('unshare', ['--mount', 'true'])
  if (probe.status !== 0) return `no private mount namespace here (unshare --mount: ${probe.stderr})`
  return null
}
const skip = reasonToSkip()
if (skip) console.warn(`kiosk lockdown tests skipped: ${skip}`)

describe.skipIf(skip !== null)('the kiosk browser under the installed Chromium policy', () => {
  const s = scratch()
  /** The first folder of the mount point this test made (none if Chromium's policy folder existed). */
  let made: string | undefined
  const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']

  /** The policy install.sh writes for a hub at `url`. */
  function policyFor(url: string): Record<string, unknown> {
    const script = join(repo, 'deploy/kiosk/chromium-policy.mjs')
    return JSON.parse(execFileSync(process.execPath, [script, url], { encoding: 'utf8' }))
  }

  /** A folder holding `policy` as red-station.json, as install.sh installs it. */
  async function policyDir(p: Record<string, unknown>): Promise<string> {
    const dir = await s.dir('redstation-policy-')
    await writeFile(join(dir, 'red-station.json'), JSON.stringify(p))
    return dir
  }

  const env = (dir: string, home?: string) => ({
    ...process.env,
    ...(home ? { HOME: home } : {}),
    KIOSK_POLICY_DIR: dir,
    CHROMIUM_PATH: chromiumPath,
  })

  /** An HTTP server that records the paths asked of it. */
  async function recorder(handler: (path: string, res: import('node:http').ServerResponse) => void) {
    const paths: string[] = []
    const server: Server = createServer((req, res) => {
      paths.push(req.url ?? '')
      handler(req.url ?? '', res)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    return { paths, server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` }
  }

  beforeAll(() => {
    made = mkdirSync(MANAGED, { recursive: true })
  })

  afterAll(async () => {
    if (made) rmSync(made, { recursive: true })
    await s.cleanup()
  })

  // Under the whole policy nothing can drive Chromium: DeveloperToolsAvailability refuses the DevTools protocol,
  // which Playwright and even --dump-dom use. So it runs as on the station, headless, and what it did is read
  // from the servers it asked and the folder it would download to.
  it('with the whole policy: the hub page runs; another site is never asked; a download never lands', async () => {
    const other = await recorder((_path, res) => res.end('another site'))
    // The hub's origin, as far as the policy knows: a page that opens another site in a frame and then
    // downloads a CSV from its own origin. (The real hub's downloads are behind a login that a run without the
    // DevTools protocol cannot carry.) Headless Chromium takes one address, so the page does both.
    const hubStandIn = await recorder((path, res) => {
      if (path === '/report.csv') {
        res.setHeader('content-disposition', 'attachment; filename="report.csv"')
        res.setHeader('content-type', 'text/csv')
        res.end('day,visits\n2026-05-01,12\n')
        return
      }
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(`<h1>驿站</h1><iframe src="${other.url}"></iframe><a id="dl" href="/report.csv" download>CSV</a>
<script>fetch('/ran').then(() => document.getElementById('dl').click())</script>`)
    })
    try {
      type Outcome = { downloaded: string[]; otherAsked: number }
      /** Runs Chromium on the stand-in until `shows` holds, or, without it, long enough for a refusal to tell. */
      const run = async (policy: Record<string, unknown>, shows?: (o: Outcome) => boolean) => {
        const home = await s.dir('redstation-kiosk-home-')
        const downloads = join(home, 'Downloads')
        const outcome = (): Outcome => ({
          downloaded: existsSync(downloads) ? readdirSync(downloads) : [],
          otherAsked: other.paths.length,
        })
        const chrome = s.track(
          spawn(
            join(fixtures, 'chromium-with-policy.sh'),
            ['--headless', ...flags, `--user-data-dir=${join(home, 'profile')}`, hubStandIn.url],
            { env: env(await policyDir(policy), home), stdio: 'ignore', detached: true },
          ),
        )
        try {
          await waitFor('the page to run', () => hubStandIn.paths.includes('/ran'), 20_000)
          // Chromium asks for the file, policy or not; only then may it save it or refuse to.
          await waitFor('the download asked for', () => hubStandIn.paths.includes('/report.csv'), 20_000)
          if (shows) await waitFor('the download and the other site', () => shows(outcome()), 20_000)
          // A download let through lands within moments of its answer; another tab, within moments of start.
          else await new Promise((r) => setTimeout(r, 2500))
        } finally {
          if (chrome.pid && chrome.exitCode === null) process.kill(-chrome.pid, 'SIGTERM')
        }
        return outcome()
      }
      // Without the policy the same run opens the other site and saves the file: the test can tell.
      const open = await run({}, (o) => o.downloaded.includes('report.csv') && o.otherAsked > 0)
      expect(open).toEqual({ downloaded: ['report.csv'], otherAsked: expect.any(Number) })
      expect(open.otherAsked).toBeGreaterThan(0)
      other.paths.length = 0
      hubStandIn.paths.length = 0
      expect(await run(policyFor(hubStandIn.url))).toEqual({ downloaded: [], otherAsked: 0 })
    } finally {
      hubStandIn.server.close()
      other.server.close()
    }
  }, 90_000)

  it('with the whole policy: a DevTools client cannot attach to a page (DeveloperToolsAvailability)', async () => {
    const browser = await chromium.launch({
      executablePath: join(fixtures, 'chromium-with-policy.sh'),
      env: env(await policyDir(policyFor('http://127.0.0.1:8080/'))),
      args: flags,
    })
    try {
      await expect(browser.newPage()).rejects.toThrow()
    } finally {
      await browser.close()
    }
  }, 60_000)

  // Driving the browser needs the DevTools protocol, which the whole policy refuses (above): these run with
  // every other policy of the file, on the real hub. (Not downloads: Playwright sets the download behaviour
  // over that protocol, which overrides the policy; the headless run above checks them.)
  describe('driven by Playwright on the real hub, with every policy but DeveloperToolsAvailability', () => {
    let hub: TestHub
    let browser: Browser
    let other: Server
    let otherUrl: string
    beforeAll(async () => {
      hub = await startTestHub()
      other = createServer((_req, res) => res.end('<h1>another site</h1>'))
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
      otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}/`
      const { DeveloperToolsAvailability: _, ...rest } = policyFor(`${hub.url}/`)
      browser = await chromium.launch({
        executablePath: join(fixtures, 'chromium-with-policy.sh'),
        env: env(await policyDir(rest)),
        args: flags,
      })
    }, 60_000)
    afterAll(async () => {
      await browser?.close()
      await hub?.close()
      other?.close()
    })

    it('shows the kiosk page and refuses another site with the administrator block page', async () => {
      const page = await browser.newPage()
      await page.goto(`${hub.url}/`)
      await expect.poll(() => page.locator('body').textContent(), { timeout: 15_000 }).toContain('签到')
      expect(String(await page.goto(otherUrl).catch((e: Error) => e))).toContain(
        'ERR_BLOCKED_BY_ADMINISTRATOR',
      )
      await page.close()
    })

    it('refuses the manager console and the API docs on the kiosk', async () => {
      const page = await browser.newPage()
      for (const url of [`${hub.url}/manage.html`, `${hub.url}/docs`])
        expect(String(await page.goto(url).catch((e: Error) => e)), url).toContain(
          'ERR_BLOCKED_BY_ADMINISTRATOR',
        )
      await page.close()
    })
  })
})
