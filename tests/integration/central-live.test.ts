/**
 * The district page's live feed and escalation (issue 12): a real socket.io client with a street staff
 * session gets its street's stations and nothing of another street's, a station going dark and a critical
 * alert within a second; a socket without a session is refused; an alert left unacknowledged past
 * escalation.afterMin is escalated once, to the district's WeCom group through the outbox.
 */
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { defaultSettings } from '../../server/central/settings.js'
import { startTestCentral, type TestCentral, until } from '../support/central.js'
import { startReceiver } from '../support/webhook-receiver.js'

const PW = 'password-0123456789-abcdef'
const EAST = { name: 'east', password: 'east-staff-password' }
type Summary = { id: string; online: boolean; openAlerts: { critical: number } }
type StationNews = {
  station: Summary
  alerts: Array<{ alertId: string; severity: string; escalatedAt: string | null }>
}

let central: TestCentral
let receiver: Awaited<ReturnType<typeof startReceiver>>
const sims = new Map<string, UplinkSim>()
const sockets: Socket[] = []

function connect(cookie?: string): Socket {
  const s = io(`${central.url}/district`, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie, origin: central.url } : { origin: central.url },
    reconnection: false,
  })
  sockets.push(s)
  return s
}

beforeAll(async () => {
  receiver = await startReceiver()
  const settings = defaultSettings()
  settings.escalation = {
    afterMin: 30,
    webhooks: [
      {
        id: 'district-wecom',
        format: 'wecom',
        url: receiver.url('/wecom'),
        severities: ['critical', 'major'],
      },
    ],
  }
  central = await startTestCentral({ users: [{ role: 'staff', ...EAST }], settings })
  const reg = central.app.central.registry
  await reg.add({ id: 'e-1', name: '东一', street: '东四街道', community: '朝西社区' }, PW)
  await reg.add({ id: 'e-2', name: '东二', street: '东四街道', community: '史家社区' }, PW)
  await reg.add({ id: 'j-1', name: '交一', street: '交道口街道', community: '福祥社区' }, PW)
  for (const id of ['e-1', 'e-2', 'j-1']) {
    const sim = new UplinkSim({
      url: central.app.central.brokerUrl,
      station: new SimStation({ id, name: id }),
      password: PW,
      ackTimeoutMs: 1500,
    })
    await sim.start()
    await sim.acked()
    sims.set(id, sim)
  }
  await central.send('PUT', '/api/staff/east/scope', { level: 'street', street: '东四街道' })
}, 60_000)

afterAll(async () => {
  for (const s of sockets) s.close()
  await Promise.all([...sims.values()].map((s) => s.stop()))
  await central?.close()
  await receiver?.down()
})

describe('the live feed', () => {
  it('refuses a socket without a session', async () => {
    const s = connect()
    const err = await new Promise<Error>((r) => s.once('connect_error', r))
    expect(err.message).toBe('login required')
  })

  it("gives a street's staff their street, live within a second, and nothing of another street", async () => {
    const east = await central.login(EAST.name, EAST.password)
    const s = connect(east)
    const news: StationNews[] = []
    s.on('station', (n: StationNews) => news.push(n))
    const hello = await new Promise<{ stations: Summary[] }>((r) => s.once('hello', r))
    expect(hello.stations.map((x) => x.id).sort()).toEqual(['e-1', 'e-2'])

    // Another street's critical alert: not heard here.
    const j = sims.get('j-1') as UplinkSim
    j.station.raise({ type: 'door-open', severity: 'critical', alertId: 'j-door' })
    j.poke()
    await j.acked()

    // Its own street's critical alert: heard, within a second of its commit.
    const e1 = sims.get('e-1') as UplinkSim
    e1.station.raise({ type: 'door-open', severity: 'critical', alertId: 'e-door' })
    const sent = Date.now()
    e1.poke()
    const critical = await until(
      () => news.find((n) => n.station.id === 'e-1' && n.station.openAlerts.critical === 1),
      3000,
    )
    expect(Date.now() - sent).toBeLessThan(1000)
    expect(critical?.alerts.map((a) => a.alertId)).toEqual(['e-door'])

    // A station going dark (its last will).
    const e2 = sims.get('e-2') as UplinkSim
    const killed = Date.now()
    await e2.kill()
    await until(() => news.find((n) => n.station.id === 'e-2' && !n.station.online), 3000, 'e-2 dark')
    expect(Date.now() - killed).toBeLessThan(1000)
    expect(news.some((n) => n.station.id === 'j-1')).toBe(false)
  })
})

describe('escalation', () => {
  it('escalates an alert unacknowledged past afterMin once, highlighted and to the WeCom group', async () => {
    const j = sims.get('j-1') as UplinkSim
    const old = new Date(Date.now() - 45 * 60_000).toISOString()
    j.station.raise({
      type: 'temperature-high',
      severity: 'major',
      alertId: 'j-warm',
      raisedAt: old,
      since: old,
      subject: 'fridge-temp',
      subjectName: '冰箱温度',
      value: 9.5,
      peak: 9.5,
    })
    // A fresh one (5 minutes) and one the district already acknowledged are not escalated.
    const fresh = new Date(Date.now() - 5 * 60_000).toISOString()
    j.station.raise({
      type: 'door-open',
      severity: 'critical',
      alertId: 'j-fresh',
      raisedAt: fresh,
      since: fresh,
    })
    j.station.raise({
      type: 'door-open',
      severity: 'critical',
      alertId: 'j-acked',
      raisedAt: old,
      since: old,
    })
    j.poke()
    await j.acked()
    const ack = await central.send('POST', '/api/stations/j-1/alerts/j-acked/acknowledge', { note: null })
    expect(ack.status).toBe(202)

    await central.app.central.escalate()
    await central.app.central.escalate()
    await until(() => receiver.received.length >= 1, 5000, 'the webhook')
    await new Promise((r) => setTimeout(r, 300))
    expect(receiver.received).toHaveLength(1)
    const [got] = receiver.received
    expect(got?.path).toBe('/wecom')
    expect(JSON.stringify(got?.body)).toContain('告警升级')
    expect(JSON.stringify(got?.body)).toContain('温度过高')
    expect(got?.headers['x-redstation-delivery']).toBe('j-1:j-warm:escalated@district-wecom')

    const escalated = await central.get<{ alerts: Array<{ alertId: string }> }>('/api/alerts?escalated=true')
    expect(escalated.body.alerts.map((a) => a.alertId)).toEqual(['j-warm'])
  })
})
