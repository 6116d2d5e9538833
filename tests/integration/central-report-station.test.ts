/**
 * The monthly report against a real station hub (issue 12, point 4): a hub uplinks its month to the central
 * service (embedded broker, PGlite), and the report's line for it equals the hub's own figures for the same
 * month (its /api/checkins/stats and the manager console's daily figures); its street is the hub plus the
 * simulated station beside it. The printable page is Chinese A4, and its PDF, printed by Debian's Chromium,
 * is a real PDF of the pages expected.
 */
import { parse } from 'csv-parse/sync'
import { PDFDocument } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { printPdf } from '../../server/central/reports/pdf.js'
import { StationTime } from '../../server/time/station-time.js'
import { startSim, startTestCentral, type TestCentral, until } from '../support/central.js'
import { chromiumPath } from '../support/chromium.js'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

const PW = 'password-0123456789-abcdef'
const DAY = 86_400_000

let central: TestCentral
let t: TestHub
let sim: UplinkSim
let manager: string
const month = new StationTime('Asia/Shanghai').month(Date.now())

beforeAll(async () => {
  central = await startTestCentral({
    settings: {
      district: { name: '东城区' },
      escalation: { afterMin: 0, webhooks: [] },
      metrics: { token: null },
      reports: { chromium: chromiumPath },
    },
  })
  const registry = central.app.central.registry
  await registry.add({ id: 'hub-1', name: '民安驿站', street: '东四街道', community: '民安社区' }, PW)
  await registry.add({ id: 'sim-1', name: '史家驿站', street: '东四街道', community: '史家社区' }, PW)
  sim = await startSim('sim-1', central.app.central.brokerUrl, PW)
  for (let i = 0; i < 15; i++) sim.station.checkin()
  sim.station.help()
  sim.poke()
  t = await startTestHub({
    station: { id: 'hub-1', name: '民安驿站' },
    kiosk: { rateLimitPerMin: 100_000 },
    uplink: { url: central.app.central.brokerUrl, password: PW, ackTimeoutSec: 2 },
    screenings: [
      {
        id: 'bp',
        title: '免费测血压',
        organiser: '社区卫生服务中心',
        start: new Date(Date.now() + DAY).toISOString(),
        end: new Date(Date.now() + DAY + 3_600_000).toISOString(),
        place: '驿站活动室',
        capacity: 2,
      },
    ],
  })
  manager = await loginAs(t, 'manager')
  const post = (path: string, body: unknown) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const platforms = ['meituan', 'eleme', 'sf', 'jd']
  for (let i = 0; i < 23; i++) {
    const r = await post('/api/checkins', {
      phone: `1391234${String(i).padStart(4, '0')}`,
      platform: platforms[i % platforms.length],
      purposes: i % 3 ? ['rest'] : ['rest', 'charge'],
    })
    expect(r.status).toBe(201)
  }
  for (let i = 0; i < 3; i++)
    expect(
      (await post('/api/screenings/bp/signups', { name: '王师傅', phone: `1380000000${i}`, consent: true }))
        .status,
    ).toBe(201)
  expect((await post('/api/help', { reason: 'unwell' })).status).toBe(201)
  await until(
    async () => {
      const h = (await getJson<{ uplink: { state: string; backlog: number } }>(`${t.url}/api/health`)).body
      return h.uplink.state === 'online' && h.uplink.backlog === 0
    },
    30_000,
    "the hub's backlog to drain",
  )
  await sim.acked()
}, 90_000)

afterAll(async () => {
  await t?.close()
  await sim?.stop()
  await central?.close()
})

const report = (scope: string, format: string) =>
  fetch(
    `${central.url}/api/reports/monthly?month=${month}&scope=${encodeURIComponent(scope)}&format=${format}`,
    {
      headers: { cookie: central.cookie },
    },
  )
const rows = async (scope: string): Promise<Record<string, string>[]> =>
  parse(await (await report(scope, 'csv')).text(), { bom: true, columns: true })

describe('the monthly report of a real station', () => {
  it("equals the station's own figures for the month", async () => {
    const own = await getJson<{ total: number; byPlatform: Record<string, number> }>(
      `${t.url}/api/checkins/stats?period=month`,
      manager,
    )
    const days = await getJson<{ days: { byPurpose: Record<string, number> }[] }>(
      `${t.url}/api/manage/checkins/daily?from=${month}-01&to=${new StationTime('Asia/Shanghai').day(Date.now())}`,
      manager,
    )
    const purposes: Record<string, number> = {}
    for (const d of days.body.days)
      for (const [k, n] of Object.entries(d.byPurpose)) purposes[k] = (purposes[k] ?? 0) + n
    const [line] = await rows('station:hub-1')
    expect(Number(line?.签到人次)).toBe(own.body.total)
    expect(own.body.total).toBe(23)
    expect(Number(line?.['平台:美团'])).toBe(own.body.byPlatform.meituan)
    expect(Number(line?.['平台:饿了么'])).toBe(own.body.byPlatform.eleme)
    expect(Number(line?.['事由:歇脚休息'])).toBe(purposes.rest)
    expect(Number(line?.['事由:手机充电'])).toBe(purposes.charge)
    // Two places, then the waiting list: three sign-ups, two places.
    expect(Number(line?.体检报名)).toBe(3)
    expect(Number(line?.体检名额)).toBe(2)
    expect(Number(line?.候补)).toBe(1)
    expect(Number(line?.求助)).toBe(1)
    expect(Number(line?.服务次数)).toBe((purposes.rest ?? 0) + (purposes.charge ?? 0) + 1)
  })

  it('sums the hub and the simulated station into their street', async () => {
    const street = await rows('street:东四街道')
    const total = street.at(-1)
    expect(total?.层级).toBe('街道合计')
    const simOwn = [...sim.station.days.values()].reduce((a, f) => a + f.checkins.total, 0)
    expect(Number(total?.签到人次)).toBe(23 + simOwn)
    expect(Number(total?.求助)).toBe(2)
  })

  it('prints a Chinese A4 page', async () => {
    const r = await report('street:东四街道', 'html')
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await r.text()
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toMatch(/@page \{ size: A4;/)
    for (const heading of [
      '红色驿站服务月报',
      '本月概况',
      '签到人次（按平台）',
      '签到人次（按事由）',
      '健康体检与求助',
      '告警与冷链',
      '补货与充电柜',
      '各站明细',
    ])
      expect(html).toContain(heading)
    expect(html).toContain('民安驿站（hub-1）')
    expect(html).toContain('东四街道 合计')
  })

  it("is a PDF from Chromium's print: %PDF, A4, the pages expected", async () => {
    const one = await report('station:hub-1', 'pdf')
    expect(one.status).toBe(200)
    expect(one.headers.get('content-type')).toBe('application/pdf')
    expect(one.headers.get('content-disposition')).toContain(`filename="report-${month}-station-hub-1.pdf"`)
    const bytes = new Uint8Array(await one.arrayBuffer())
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    const doc = await PDFDocument.load(bytes)
    expect(doc.getPageCount()).toBe(1)
    const { width, height } = doc.getPage(0).getSize()
    // A4 is 210 × 297 mm: 595 × 842 points.
    expect(Math.round(width)).toBe(595)
    expect(Math.round(height)).toBe(842)
  }, 60_000)

  it("runs a district's detail of many stations onto more pages", async () => {
    const registry = central.app.central.registry
    for (let i = 0; i < 60; i++)
      await registry.add(
        { id: `x-${i}`, name: `新驿站 ${i}`, street: '交道口街道', community: '福祥社区' },
        PW,
      )
    const r = await report('district', 'pdf')
    expect(r.status).toBe(200)
    const doc = await PDFDocument.load(new Uint8Array(await r.arrayBuffer()))
    // The summary fills most of the first page; 62 stations' lines of about 6 mm need two more.
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3)
    expect(doc.getPageCount()).toBeLessThanOrEqual(4)
  }, 90_000)

  it('says so when the server has no Chromium to print with', async () => {
    await expect(printPdf('<p>x</p>', '/nonexistent/chromium')).rejects.toMatchObject({
      code: 'CENTRAL_ERR_NO_PDF',
      statusCode: 501,
    })
  })
})
