/**
 * What the district page needs of the central service (issue 12, point 1): the page itself at `/`, each
 * station's fridge in the overview's summary, and a station's visits per day for its chart, within scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { startSim, startTestCentral, type TestCentral } from '../support/central.js'

const PW = 'password-0123456789-abcdef'
const EAST = { name: 'east', password: 'east-staff-password' }
type Summary = {
  id: string
  today: { day: string; checkins: number }
  fridge: { temperature: number | null; offline: boolean; alert: boolean } | null
}

let central: TestCentral
let sim: UplinkSim

beforeAll(async () => {
  central = await startTestCentral({ users: [{ role: 'staff', ...EAST }] })
  const reg = central.app.central.registry
  await reg.add({ id: 'e-1', name: '东一', street: '东四街道', community: '朝西社区' }, PW)
  await reg.add({ id: 'j-1', name: '交一', street: '交道口街道', community: '福祥社区' }, PW)
  sim = await startSim('e-1', central.app.central.brokerUrl, PW)
  await sim.acked()
  await central.send('PUT', '/api/staff/east/scope', { level: 'street', street: '东四街道' })
}, 60_000)
afterAll(async () => {
  await sim?.stop()
  await central?.close()
})

const summary = async (id: string) =>
  (await central.get<{ stations: Summary[] }>('/api/stations')).body.stations.find((s) => s.id === id)

describe('the district page on the central service', () => {
  it('serves the built page at / with its assets', async () => {
    const page = await fetch(`${central.url}/`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<div id="app"></div>')
    const script = /src="(\/assets\/district-[^"]+\.js)"/.exec(html)?.[1] as string
    expect(script).toBeTruthy()
    const js = await fetch(`${central.url}${script}`)
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toMatch(/javascript/)
    // The station's own pages belong to a station hub, not here.
    expect((await fetch(`${central.url}/manage.html`)).status).toBe(404)
  })

  it("gives each station's fridge: its warmest reading and whether a temperature alert is open", async () => {
    expect((await summary('e-1'))?.fridge).toEqual({ temperature: 4, offline: false, alert: false })
    sim.station.temperature(9.5)
    sim.poke()
    await sim.acked()
    expect((await summary('e-1'))?.fridge).toEqual({ temperature: 9.5, offline: false, alert: true })
    // A station that never sent its picture has no fridge yet.
    expect((await summary('j-1'))?.fridge).toBeNull()
  })

  it("gives a station's check-ins per day for its chart, today's equal to the overview's, within scope", async () => {
    for (let i = 0; i < 3; i++) sim.station.checkin()
    sim.poke()
    await sim.acked()
    const r = await central.get<{ days: Array<{ day: string; checkins: number; help: number }> }>(
      '/api/stations/e-1/daily?days=7',
    )
    expect(r.status).toBe(200)
    expect(r.body.days).toHaveLength(7)
    const today = await summary('e-1')
    expect(r.body.days.at(-1)).toMatchObject({ day: today?.today.day, checkins: today?.today.checkins })
    expect(today?.today.checkins).toBeGreaterThanOrEqual(3)
    expect(r.body.days.slice(0, 6).every((d) => d.day < (today?.today.day as string))).toBe(true)

    const east = await central.login(EAST.name, EAST.password)
    expect((await central.send('GET', '/api/stations/e-1/daily', undefined, east)).status).toBe(200)
    expect((await central.send('GET', '/api/stations/j-1/daily', undefined, east)).status).toBe(403)
    expect((await central.get('/api/stations/e-1/daily?days=0')).status).toBe(400)
  })
})
