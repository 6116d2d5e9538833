/**
 * Acting from afar (issue 12, point 2) in Chromium, end to end with REAL station hubs: a central service
 * with 28 simulated stations and two real hubs uplinking to its broker, one on 北新桥街道 and one on
 * 东四街道 (30 stations). An alert acknowledged with a note on the district page arrives at the station's
 * own manager console, named; a notice published to 北新桥街道 appears on that street's station kiosk and
 * never on the other street's.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAFF, until } from '../support/central.js'
import { launchChromium } from '../support/chromium.js'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'
import { type Fleet, openDistrict, startFleet, UPLINK_PASSWORD } from './district-fleet.js'
import { openKiosk } from './kiosk-page.js'
import { DESKTOP, logIn, openConsole, PHONE } from './manage-page.js'

const A = { id: 'real-bxq', name: '民安红色驿站', street: '北新桥街道', community: '民安社区' }
const B = { id: 'real-ds', name: '史家红色驿站', street: '东四街道', community: '史家社区' }
const MANAGER = { name: 'wang', password: 'correct horse battery' }

let fleet: Fleet
let browser: Browser
let hubA: TestHub
let hubB: TestHub

async function realHub(s: typeof A): Promise<TestHub> {
  await fleet.central.app.central.registry.add(s, UPLINK_PASSWORD)
  const hub = await startTestHub({
    station: { id: s.id, name: s.name },
    alerts: { offline: { enabled: false } },
    uplink: { url: fleet.central.app.central.brokerUrl, password: UPLINK_PASSWORD, ackTimeoutSec: 2 },
  })
  await until(
    async () =>
      (await getJson<{ uplink: { state: string } }>(`${hub.url}/api/health`)).body.uplink.state === 'online',
    20_000,
    `${s.id} online`,
  )
  return hub
}

beforeAll(async () => {
  ;[fleet, browser] = await Promise.all([startFleet(28), launchChromium()])
  hubA = await realHub(A)
  hubB = await realHub(B)
  await loginAs(hubA, 'manager', MANAGER.name)
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await hubA?.close()
  await hubB?.close()
  await fleet?.stop()
})

/** Whether the kiosk shows `title`, once its notices came from its hub (a load after the page's own). */
async function kioskShows(page: Page, title: string): Promise<boolean> {
  const tile = page.locator('[data-testid="tile-notices"]')
  await tile.waitFor()
  await tile.locator('.tile__empty', { hasText: '正在加载' }).waitFor({ state: 'detached' })
  return (await page.getByText(title).count()) > 0
}

describe('acting from the district on real stations', () => {
  it("acknowledges a station's alert with a note, and the station's own console shows who did", async () => {
    // A courier asks for help at station A: an alert there, uplinked to the district.
    const r = await fetch(`${hubA.url}/api/help`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'unwell' }),
    })
    expect(r.status).toBe(201)

    const { context, page, errors } = await openDistrict(browser, fleet.central.url, PHONE)
    await page.locator(`[data-testid="station-${A.id}"]`).tap()
    await page.locator('[data-testid="station-page"]').waitFor()
    const card = page.locator('[data-testid^="alert-"]').filter({ has: page.locator('[data-testid="ack"]') })
    await card.first().waitFor({ timeout: 15_000 })
    await card.first().locator('[data-testid="ack"]').tap()
    await page.fill('[data-testid="ack-note"]', '已电话联系站长，马上到')
    await page.locator('[data-testid="ack-submit"]').tap()
    // The district's acknowledgement, applied at the station (its result came back up).
    await page.locator('[data-testid="district-ack"]', { hasText: '驿站已执行' }).waitFor({ timeout: 15_000 })
    expect(errors).toEqual([])
    await context.close()

    // The station's own manager console: acknowledged, by the district's account.
    const konsole = await openConsole(browser, DESKTOP)
    await logIn(konsole.page, `${hubA.url}/manage.html`, MANAGER)
    await konsole.page
      .locator('[data-testid="alert-state"]', { hasText: `${STAFF.name} 已确认` })
      .waitFor({ timeout: 10_000 })
    expect(konsole.errors).toEqual([])
    await konsole.context.close()
  })

  it("publishes a notice to one street: on that street's kiosk, not on another street's", async () => {
    const title = '春风行动招聘会本周六在街道党群服务中心'
    const { context, page, errors } = await openDistrict(browser, fleet.central.url, DESKTOP)
    await page.locator('[data-testid="tab-publish"]').tap()
    await page.fill('input[name="title"]', title)
    await page.fill('textarea[name="body"]', '外卖、快递、仓储岗位，带上身份证。')
    await page.getByLabel(A.street).check()
    await page.locator('[data-testid="publish-submit"]').tap()
    // 北新桥街道: every third of the 28 simulated stations (10) and the real station A.
    await page.locator('[data-testid="published"]', { hasText: '已发布到 11 个驿站' }).waitFor()
    expect(errors).toEqual([])
    await context.close()

    const kioskA = await openKiosk(browser, hubA.url)
    await until(
      async () => {
        if (await kioskShows(kioskA.page, title)) return true
        await kioskA.page.reload()
        return false
      },
      20_000,
      "the notice on station A's kiosk",
    )
    // By now the command went to every station it was for; B (东四街道) was not one of them.
    const kioskB = await openKiosk(browser, hubB.url)
    expect(await kioskShows(kioskB.page, title)).toBe(false)
    const notices = await getJson<{ notices: Array<{ title: string }> }>(`${hubB.url}/api/notices`)
    expect(notices.body.notices.map((n) => n.title)).not.toContain(title)
    expect([...kioskA.errors, ...kioskB.errors]).toEqual([])
    await kioskA.context.close()
    await kioskB.context.close()
  })
})
