// What the district page's browser tests share: a real central service (PGlite, its embedded broker) with
// a district of simulated stations uplinking to it, three streets of two communities each; the page opened
// in Chromium and logged in through its own form.
import type { Browser, Page } from 'playwright-core'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { STAFF, startTestCentral, type TestCentral } from '../support/central.js'
import { type ConsolePage, DESKTOP, logIn, openConsole, type PHONE } from './manage-page.js'

export const UPLINK_PASSWORD = 'district-e2e-uplink-password'
export const STREETS = [
  { name: '北新桥街道', code: 'bxq', communities: ['民安社区', '北官厅社区'] },
  { name: '东四街道', code: 'ds', communities: ['朝西社区', '史家社区'] },
  { name: '交道口街道', code: 'jdk', communities: ['福祥社区', '菊儿社区'] },
]

export interface Fleet {
  central: TestCentral
  sims: Map<string, UplinkSim>
  stop(): Promise<void>
}

/** The `i`-th station of `n`: its street and community in turn, a Chinese name. */
export function placeOf(i: number) {
  const street = STREETS[i % STREETS.length] as (typeof STREETS)[number]
  const community = street.communities[Math.floor(i / STREETS.length) % 2] as string
  return {
    id: `${street.code}-${String(i).padStart(4, '0')}`,
    name: `${community.slice(0, 2)}${i}号驿站`,
    street,
    community,
  }
}

/** A central service and `n` simulated stations, each born and acknowledged (the overview is full). */
export async function startFleet(
  n: number,
  opts: { users?: Array<{ name: string; role: 'manager' | 'staff'; password: string }> } = {},
): Promise<Fleet> {
  const central = await startTestCentral({ users: opts.users })
  const registry = central.app.central.registry
  const sims = new Map<string, UplinkSim>()
  for (let i = 0; i < n; i++) {
    const p = placeOf(i)
    await registry.add(
      { id: p.id, name: p.name, street: p.street.name, community: p.community },
      UPLINK_PASSWORD,
    )
  }
  for (let i = 0; i < n; i++) {
    const p = placeOf(i)
    const station = new SimStation({ id: p.id, name: p.name, seed: i + 1 })
    for (let k = 0; k < 5 + (i % 7); k++) station.step()
    const sim = new UplinkSim({
      url: central.app.central.brokerUrl,
      station,
      password: UPLINK_PASSWORD,
      ackTimeoutMs: 2000,
      reconnectMs: 300,
    })
    await sim.start()
    sims.set(p.id, sim)
  }
  await Promise.all([...sims.values()].map((s) => s.acked()))
  return {
    central,
    sims,
    async stop() {
      await Promise.all([...sims.values()].map((s) => s.stop().catch(() => {})))
      await central.close()
    },
  }
}

/** The district page in a fresh context, logged in as the test's district manager, the overview shown. */
export async function openDistrict(
  browser: Browser,
  url: string,
  device: typeof PHONE = DESKTOP,
  account = STAFF,
): Promise<ConsolePage> {
  const c = await openConsole(browser, device)
  await logIn(c.page, url, account)
  await c.page.locator('[data-testid="tree"] [data-online]').first().waitFor()
  return c
}

export const stationCard = (page: Page, id: string) => page.locator(`[data-testid="station-${id}"]`)
