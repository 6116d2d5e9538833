/**
 * The monthly report (issue 12, point 4) on the central service, with simulated stations uplinking a month
 * of their days (on PGlite and on a real PostgreSQL): every station's line equals what the station itself
 * counted for that month, a community and a street are the sums of their stations and the district the sum
 * of its streets; the CSV is read back with a CSV parser and equals the figures; events of the month before
 * (in the district's time zone) count in neither; a street's staff get their street and nothing else.
 */
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import type { AlertData, Figures } from '../../server/uplink/protocol.js'
import { startTestCentral, type TestCentral } from '../support/central.js'
import { type PostgresHandle, startPostgres } from '../support/postgres.js'

const PW = 'password-0123456789-abcdef'
const PLACES = {
  'r-1': ['东四街道', '朝西社区'],
  'r-2': ['东四街道', '朝西社区'],
  'r-3': ['东四街道', '史家社区'],
  'r-4': ['交道口街道', '福祥社区'],
} as const
type Id = keyof typeof PLACES
const EAST = { name: 'east', password: 'east-staff-password' }
const MONTH = '2026-10'
/** 2026-10-01 00:30 in Beijing is still September in UTC: it counts in October. */
const OCT_FIRST = Date.parse('2026-09-30T16:30:00Z')
/** 2026-09-30 23:30 in Beijing: September, in no October figure. */
const SEPT_LAST = Date.parse('2026-09-30T15:30:00Z')
const MIN = 60_000
const DAY = 86_400_000

let pg: PostgresHandle
beforeAll(async () => {
  pg = await startPostgres()
}, 60_000)
afterAll(async () => {
  await pg?.stop()
})

/** What each station did in October, by its own count. */
interface Own {
  figures: Figures
  restocks: number
  alerts: number
  critical: number
  acked: number
  ackSeconds: number
  ackMaxSeconds: number
}

type Line = Record<string, string>

describe.each([
  { backend: 'PGlite', db: async () => null },
  { backend: 'PostgreSQL', db: () => pg.database() },
])('the monthly report ($backend)', ({ db }) => {
  let central: TestCentral
  let east: string
  const sims = new Map<Id, UplinkSim>()
  const own = new Map<Id, Own>()

  /** A month at a station: its clock walks from before October through it, the station counting as it goes. */
  async function month(id: Id, seed: number): Promise<void> {
    let now = SEPT_LAST
    const station = new SimStation({ id, name: `驿站 ${id}`, seed, now: () => now })
    // Every alert the station raised or acknowledged, as it journaled them.
    const raised = new Map<string, AlertData>()
    const acked = new Map<string, AlertData>()
    const emit = station.emit.bind(station)
    station.emit = (type, data, v) => {
      const a = data as AlertData
      if (type === 'alert.raised') raised.set(a.alertId, a)
      if (type === 'alert.acknowledged') acked.set(a.alertId, a)
      return emit(type, data, v)
    }
    const sim = new UplinkSim({ url: central.app.central.brokerUrl, station, password: PW, reconnectMs: 300 })
    await sim.start()
    sims.set(id, sim)
    // September's last evening: none of it is October's.
    for (let i = 0; i < 5; i++) station.step()
    station.restock()
    const september = station.raise({ type: 'door-open', severity: 'minor' })
    station.acknowledge(september.alertId)
    // October: a few busy days, alerts acknowledged after a while, a restock, the fridge's days.
    now = OCT_FIRST
    for (let day = 0; day < 6; day++) {
      for (let i = 0; i < 20 + seed * 3; i++) {
        station.step()
        now += MIN
      }
      if (day % 2 === 0) {
        const a = station.raise({ type: 'door-open', severity: day === 0 ? 'critical' : 'major' })
        now += (day + 1) * 5 * MIN
        station.acknowledge(a.alertId)
      }
      if (day === 3) station.restock()
      // The lockers' day goes up again with each rental: the last of the day counts (5 rentals, 1 fault).
      if (day === 1)
        for (const [rentals, faults] of [
          [2, 0],
          [5, 1],
        ])
          station.emit('locker.day', { day: station.today(), rentals, faults })
      station.emit('coldchain.day', {
        deviceId: 'fridge-temp',
        day: station.today(),
        min: 3.1,
        max: day === 2 ? 11.5 : 6.2,
        readings: 288,
      })
      if (day === 2)
        station.emit('coldchain.excursion', {
          excursionId: `exc-${id}`,
          deviceId: 'fridge-temp',
          type: 'temperature-high',
          start: new Date(now).toISOString(),
          end: new Date(now + 40 * MIN).toISOString(),
          peak: 11.5,
          durationMin: 40,
        })
      now = OCT_FIRST + (day + 1) * DAY
    }
    station.raise({ type: 'sensor-silent', severity: 'warning' }) // still open at the month's end
    sim.poke()
    await sim.acked()
    // The station's own October: its days of the month, its restocks, the alerts it raised and acknowledged.
    const days = [...station.days.entries()].filter(([d]) => d.startsWith(MONTH))
    const october = [...raised.values()].filter((a) => Date.parse(a.raisedAt) >= OCT_FIRST)
    const waits = october.flatMap((a) => {
      const ack = acked.get(a.alertId)?.ackAt
      return ack ? [(Date.parse(ack) - Date.parse(a.raisedAt)) / 1000] : []
    })
    own.set(id, {
      figures: days.reduce<Figures>((sum, [, f]) => addFigures(sum, f), {
        checkins: { total: 0, returning: 0, byPlatform: {}, byPurpose: {} },
        screenings: { signups: 0, cancellations: 0, promoted: 0 },
        help: { total: 0, byReason: {} },
      }),
      restocks: [...station.restocks.entries()]
        .filter(([d]) => d.startsWith(MONTH))
        .reduce((a, [, n]) => a + n, 0),
      alerts: october.length,
      critical: october.filter((a) => a.severity === 'critical').length,
      acked: waits.length,
      ackSeconds: waits.reduce((a, n) => a + n, 0),
      ackMaxSeconds: Math.max(0, ...waits),
    })
  }

  beforeAll(async () => {
    central = await startTestCentral({
      dbUrl: await db(),
      users: [{ name: EAST.name, role: 'staff', password: EAST.password }],
      settings: {
        district: { name: '东城区' },
        escalation: { afterMin: 0, webhooks: [] },
        metrics: { token: null },
        reports: { chromium: null },
      },
    })
    for (const [id, [street, community]] of Object.entries(PLACES))
      await central.app.central.registry.add({ id, name: `驿站 ${id}`, street, community }, PW)
    let seed = 1
    for (const id of Object.keys(PLACES) as Id[]) await month(id, seed++)
    east = await central.login(EAST.name, EAST.password)
    expect(
      (await central.send('PUT', '/api/staff/east/scope', { level: 'street', street: '东四街道' })).status,
    ).toBe(200)
  }, 120_000)

  afterAll(async () => {
    await Promise.all([...sims.values()].map((s) => s.stop()))
    await central?.close()
  })

  const csv = async (scope: string, cookie = central.cookie) => {
    const r = await fetch(
      `${central.url}/api/reports/monthly?month=${MONTH}&scope=${encodeURIComponent(scope)}&format=csv`,
      { headers: { cookie } },
    )
    const bytes = new Uint8Array(await r.arrayBuffer())
    return {
      status: r.status,
      headers: r.headers,
      bytes,
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
    }
  }
  const lines = (text: string): Line[] => parse(text, { bom: true, columns: true, skip_empty_lines: true })
  const num = (l: Line | undefined, column: string) => Number((l as Line)[column])

  it('gives each station the figures the station itself counted for the month, and nothing of September', async () => {
    const r = await csv('district')
    expect(r.status).toBe(200)
    const rows = lines(r.text)
    for (const id of Object.keys(PLACES) as Id[]) {
      const line = rows.find((l) => l.站点编号 === id)
      const o = own.get(id) as Own
      expect(num(line, '签到人次')).toBe(o.figures.checkins.total)
      expect(num(line, '签到人次')).toBeGreaterThan(0)
      expect(num(line, '回访人次')).toBe(o.figures.checkins.returning)
      const platforms = Object.entries(line as Line).filter(([k]) => k.startsWith('平台:'))
      expect(platforms.reduce((a, [, v]) => a + Number(v), 0)).toBe(o.figures.checkins.total)
      expect(num(line, '平台:美团')).toBe(o.figures.checkins.byPlatform.meituan ?? 0)
      expect(num(line, '事由:歇脚休息')).toBe(o.figures.checkins.byPurpose.rest ?? 0)
      const purposes = Object.values(o.figures.checkins.byPurpose).reduce((a, n) => a + n, 0)
      expect(num(line, '服务次数')).toBe(purposes + o.figures.help.total + 5)
      expect(num(line, '充电柜租用')).toBe(5)
      expect(num(line, '充电柜故障')).toBe(1)
      expect(num(line, '体检报名')).toBe(o.figures.screenings.signups)
      expect(num(line, '取消报名')).toBe(o.figures.screenings.cancellations)
      expect(num(line, '求助')).toBe(o.figures.help.total)
      expect(num(line, '告警')).toBe(o.alerts)
      expect(num(line, '告警')).toBeGreaterThanOrEqual(4)
      expect(num(line, '告警:严重')).toBe(o.critical)
      expect(num(line, '已确认告警')).toBe(o.acked)
      expect(num(line, '平均确认用时(分钟)')).toBe(Math.round((o.ackSeconds / o.acked / 60) * 10) / 10)
      expect(num(line, '最长确认用时(分钟)')).toBe(Math.round((o.ackMaxSeconds / 60) * 10) / 10)
      expect(num(line, '冷链记录天数')).toBe(6)
      expect(num(line, '温度达标天数')).toBe(5)
      expect(num(line, '温度超限次数')).toBe(1)
      expect(num(line, '药箱补货批次')).toBe(o.restocks)
    }
  })

  it('sums stations into communities, communities into streets and streets into the district', async () => {
    const rows = lines((await csv('district')).text)
    const numeric = Object.keys(rows[0] as Line).filter(
      (k) => !['层级', '街道', '社区', '站点编号', '站点'].includes(k),
    )
    const stations = rows.filter((l) => l.层级 === '站点')
    expect(stations.map((l) => l.站点编号).sort()).toEqual(Object.keys(PLACES).sort())
    const sum = (of: Line[], k: string) => of.reduce((a, l) => a + Number(l[k]), 0)
    // Maxima and averages are not sums: the longest is the longest, the average is total time over count.
    const additive = numeric.filter((k) => !k.includes('用时'))
    for (const l of rows.filter((x) => x.层级 === '社区合计')) {
      const of = stations.filter((s) => s.街道 === l.街道 && s.社区 === l.社区)
      for (const k of additive) expect(Number(l[k]), `${l.社区} ${k}`).toBe(sum(of, k))
    }
    const streets = rows.filter((x) => x.层级 === '街道合计')
    expect(streets.map((l) => l.街道).sort()).toEqual(['东四街道', '交道口街道'].sort())
    for (const l of streets) {
      const of = stations.filter((s) => s.街道 === l.街道)
      for (const k of additive) expect(Number(l[k]), `${l.街道} ${k}`).toBe(sum(of, k))
    }
    const district = rows.filter((x) => x.层级 === '辖区合计')
    expect(district).toHaveLength(1)
    expect(rows[rows.length - 1]).toBe(district[0])
    for (const k of additive) expect(Number(district[0]?.[k]), k).toBe(sum(streets, k))
    const longest = Math.max(...[...own.values()].map((o) => o.ackMaxSeconds))
    expect(num(district[0], '最长确认用时(分钟)')).toBe(Math.round((longest / 60) * 10) / 10)
    // The district's own figures API agrees with the report.
    const api = await central.get<{ checkins: { total: number } }>(
      `/api/figures?period=month&date=${MONTH}-15`,
    )
    expect(api.body.checkins.total).toBe(num(district[0], '签到人次'))
  })

  it('is a CSV Excel and WPS open as it is: BOM, CRLF, a header first, a Chinese file name', async () => {
    const r = await csv('street:东四街道')
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(r.text.split('\r\n')[0]).toMatch(/^\uFEFF层级,街道,社区,站点编号,站点,签到人次/)
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n')
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="report-${MONTH}-street.csv"; filename*=UTF-8''${encodeURIComponent(`东城区 东四街道 ${MONTH} 服务月报.csv`)}`,
    )
    const rows = lines(r.text)
    expect(rows.map((l) => l.层级)).toEqual(['站点', '站点', '社区合计', '站点', '社区合计', '街道合计'])
  })

  it('reports one station, one community and one street alone', async () => {
    const one = lines((await csv('station:r-3')).text)
    expect(one).toHaveLength(1)
    expect(num(one[0], '签到人次')).toBe(own.get('r-3')?.figures.checkins.total)
    const community = lines((await csv('community:朝西社区')).text)
    expect(community.map((l) => l.站点编号)).toEqual(['r-1', 'r-2', ''])
    const qualified = lines((await csv('community:东四街道/朝西社区')).text)
    expect(qualified).toEqual(community)
    expect((await csv('street:没有的街道')).status).toBe(404)
    expect((await csv('station:nowhere')).status).toBe(404)
    expect((await csv('galaxy')).status).toBe(400)
  })

  it("gives a street's staff their street, and refuses another street, its stations and the district", async () => {
    const mine = await csv('street:东四街道', east)
    expect(mine.status).toBe(200)
    expect(lines(mine.text).filter((l) => l.层级 === '站点')).toHaveLength(3)
    // Without a scope, the report is of the account's own.
    const r = await fetch(`${central.url}/api/reports/monthly?month=${MONTH}&format=csv`, {
      headers: { cookie: east },
    })
    expect(lines(await r.text()).at(-1)?.层级).toBe('街道合计')
    for (const scope of ['street:交道口街道', 'station:r-4', 'community:福祥社区', 'district']) {
      const refused = await csv(scope, east)
      expect(refused.status, scope).toBe(403)
      expect(JSON.parse(refused.text)).toMatchObject({ code: 'CENTRAL_ERR_OUT_OF_SCOPE' })
    }
    expect((await fetch(`${central.url}/api/reports/monthly?month=${MONTH}`)).status).toBe(401)
  })
})

function addFigures(a: Figures, b: Figures): Figures {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x }
    for (const [k, n] of Object.entries(y)) out[k] = (out[k] ?? 0) + n
    return out
  }
  return {
    checkins: {
      total: a.checkins.total + b.checkins.total,
      returning: a.checkins.returning + b.checkins.returning,
      byPlatform: add(a.checkins.byPlatform, b.checkins.byPlatform),
      byPurpose: add(a.checkins.byPurpose, b.checkins.byPurpose),
    },
    screenings: {
      signups: a.screenings.signups + b.screenings.signups,
      cancellations: a.screenings.cancellations + b.screenings.cancellations,
      promoted: a.screenings.promoted + b.screenings.promoted,
    },
    help: { total: a.help.total + b.help.total, byReason: add(a.help.byReason, b.help.byReason) },
  }
}
