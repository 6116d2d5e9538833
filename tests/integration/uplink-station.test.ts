/**
 * A real station hub uplinking to the central service (issue 11): through a real Mosquitto with
 * deploy/mosquitto/district.conf and its ACL (TLS, a throwaway CA), on a real PostgreSQL and, the same
 * suite, on PGlite. The district's figures equal the station's own; nothing personal goes up; an outage of
 * the broker loses and doubles nothing while the station goes on serving; a command from the district is
 * applied once.
 */
import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SERVICE_LOGIN } from '../../server/central/registry.js'
import { encode, UPLINK_VERSION } from '../../server/uplink/protocol.js'
import { startTestCentral, type TestCentral, until } from '../support/central.js'
import { type DistrictBroker, startDistrictBroker } from '../support/district.js'
import { deviceClient, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'
import { type PostgresHandle, startPostgres } from '../support/postgres.js'

const ID = 'st-real'
const LOGINS: Record<string, string> = {
  [SERVICE_LOGIN]: 'service-password-0123456789',
  [ID]: 'password-real-0123456789',
}
const DAY = 86_400_000

let pg: PostgresHandle
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(async () => {
  await pg?.stop()
})

interface Figures {
  checkins: { total: number; byPlatform: Record<string, number>; byPurpose: Record<string, number> }
  screenings: { signups: number; cancellations: number }
  help: { total: number }
}

describe.each([
  { backend: 'PostgreSQL', db: () => pg.database() },
  { backend: 'PGlite', db: async () => null },
])('a station uplinking to the district ($backend)', ({ db }) => {
  let district: DistrictBroker
  let central: TestCentral
  let t: TestHub
  let spy: MqttClient
  /** Everything the station published on the uplink. */
  const published: { topic: string; payload: string }[] = []
  let manager: string
  let phones = 0
  const phone = () => `1880000${String(++phones).padStart(4, '0')}`

  beforeAll(async () => {
    district = await startDistrictBroker(LOGINS)
    central = await startTestCentral({
      dbUrl: await db(),
      mqtt: {
        url: district.url,
        username: SERVICE_LOGIN,
        password: LOGINS[SERVICE_LOGIN],
        caFile: district.certs.ca,
      },
    })
    await central.app.central.registry.add(
      { id: ID, name: '民安驿站', street: '东四街道', community: '民安社区' },
      LOGINS[ID],
    )
    await listen()
    t = await startTestHub({
      station: { id: ID, name: '民安驿站' },
      kiosk: { rateLimitPerMin: 100_000 },
      alerts: { temperature: { food: { delayMin: 0, clearAfterMin: 0 } } },
      uplink: { url: district.url, password: LOGINS[ID], ca: district.certs.ca, ackTimeoutSec: 2 },
      screenings: [
        {
          id: 'bp',
          title: '免费测血压',
          organiser: '社区卫生服务中心',
          start: new Date(Date.now() + DAY).toISOString(),
          end: new Date(Date.now() + DAY + 3_600_000).toISOString(),
          place: '驿站活动室',
          capacity: 50,
        },
      ],
    })
    manager = await loginAs(t, 'manager')
  }, 90_000)
  afterAll(async () => {
    await t?.close()
    await spy?.endAsync()
    await central?.close()
    await district?.stop()
  })

  /** What goes up, as the broker hands it out (the service's account may read every station's up/). */
  async function listen(): Promise<void> {
    await spy?.endAsync(true)
    spy = await district.client(SERVICE_LOGIN, LOGINS[SERVICE_LOGIN] as string)
    await spy.subscribeAsync(`redstation/${ID}/up/#`, { qos: 1 })
    spy.on('message', (topic, payload) => published.push({ topic, payload: payload.toString() }))
  }
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    })
  /** A scripted hour at the station: check-ins, sign-ups, help requests. */
  async function day(n: number): Promise<void> {
    const platforms = ['meituan', 'eleme', 'sf']
    for (let i = 0; i < n; i++) {
      const r = await post('/api/checkins', {
        phone: phone(),
        platform: platforms[i % 3],
        purposes: i % 2 ? ['rest'] : ['rest', 'water'],
      })
      expect(r.status).toBe(201)
    }
    for (let i = 0; i < 3; i++)
      expect(
        (await post('/api/screenings/bp/signups', { name: '陈小明', phone: phone(), consent: true })).status,
      ).toBe(201)
    expect((await post('/api/help', { reason: 'injured', phone: phone() })).status).toBe(201)
  }
  const health = async () =>
    (await getJson<{ uplink: { state: string; backlog: number } }>(`${t.url}/api/health`)).body.uplink
  const caughtUp = () =>
    until(
      async () => (await health()).state === 'online' && (await health()).backlog === 0,
      30_000,
      'the backlog to drain',
    )

  it('comes online, and the district counts what the station counts, for day, week and month', async () => {
    await until(async () => (await health()).state === 'online', 20_000, 'the uplink to come online')
    await day(12)
    await caughtUp()
    for (const period of ['day', 'week', 'month'] as const) {
      const own = await getJson<{ total: number; byPlatform: Record<string, number> }>(
        `${t.url}/api/checkins/stats?period=${period}`,
        manager,
      )
      const seen = await central.get<Figures>(`/api/stations/${ID}/figures?period=${period}`)
      expect(seen.body.checkins.total).toBe(own.body.total)
      for (const [p, n] of Object.entries(own.body.byPlatform))
        expect(seen.body.checkins.byPlatform[p] ?? 0).toBe(n)
      expect(seen.body.screenings.signups).toBe(3)
      expect(seen.body.help.total).toBe(1)
    }
    const station = await central.get<{ devices: unknown[]; online?: boolean }>(`/api/stations/${ID}`)
    expect(station.status).toBe(200)
    expect(station.body.devices.length).toBeGreaterThan(0)
  })

  it('sends nothing personal: no phone, hash, masked number, name, sign-up code or session', async () => {
    const text = published.map((p) => p.payload).join('\n')
    expect(published.some((p) => p.topic.endsWith('/up/events'))).toBe(true)
    expect(published.some((p) => p.topic.endsWith('/up/birth'))).toBe(true)
    expect(text).not.toMatch(/1880000\d{4}/) // a phone
    expect(text).not.toMatch(/188\*{4}\d{4}/) // a masked phone
    expect(text).not.toMatch(/[0-9a-f]{64}/) // a phone hash
    expect(text).not.toContain('陈小明') // a name
    expect(text).not.toMatch(/"code"/) // a sign-up code
    expect(text).not.toMatch(/phone|manager-1/i) // a field about a phone, an account name
  })

  it('keeps serving through a broker outage; afterwards every event is stored once and the figures agree', async () => {
    await district.broker.stop()
    await until(async () => (await health()).state !== 'online', 20_000, 'the uplink to notice')
    await day(20) // the station goes on: every check-in answered
    const sensor = await deviceClient(t.mqttUrl)
    for (const v of [4, 9, 4.5]) {
      await sensor.publishAsync(`redstation/${ID}/devices/fridge-temp`, JSON.stringify({ temperature: v }), {
        qos: 1,
      })
      await new Promise((r) => setTimeout(r, 100))
    }
    await sensor.endAsync()
    expect((await health()).backlog).toBeGreaterThan(20)
    await district.broker.restart()
    await listen()
    await caughtUp()
    const own = await getJson<{ total: number }>(`${t.url}/api/checkins/stats?period=day`, manager)
    const seen = await central.get<Figures>(`/api/stations/${ID}/figures?period=day`)
    expect(seen.body.checkins.total).toBe(own.body.total)
    expect(seen.body.screenings.signups).toBe(6)
    expect(seen.body.help.total).toBe(2)
  }, 90_000)

  it('applies a command from the district once, however often it comes, and reports it once', async () => {
    await post('/api/help', { reason: 'unwell' })
    const alert = (await until(async () => {
      const r = await getJson<{ alerts: { id: string; type: string; state: string }[] }>(
        `${t.url}/api/manage/alerts`,
        manager,
      )
      return r.body.alerts.find((a) => a.type === 'help' && a.state === 'active')
    })) as { id: string }
    const command = encode({
      v: UPLINK_VERSION,
      id: 'c0ffee00-0000-4000-8000-000000000001',
      type: 'alert.acknowledge',
      cv: 1,
      at: new Date().toISOString(),
      data: { alertId: alert.id, by: 'li.jie', note: '已联系站长' },
    })
    for (let i = 0; i < 3; i++) await spy.publishAsync(`redstation/${ID}/down/commands`, command, { qos: 1 })

    const acked = await until(async () => {
      const r = await getJson<{
        alerts: { id: string; state: string; ackBy: string; ackFrom?: string; note: string }[]
      }>(`${t.url}/api/manage/alerts`, manager)
      const a = r.body.alerts.find((x) => x.id === alert.id)
      return a?.state === 'acknowledged' && a
    })
    expect(acked).toMatchObject({ ackBy: 'li.jie', ackFrom: 'district', note: '已联系站长' })
    // Its result goes up once, by the same road as everything else.
    const results = () =>
      published
        .filter((p) => p.topic.endsWith('/up/events'))
        .flatMap(
          (p) =>
            (JSON.parse(p.payload) as { events: { type: string; data: { commandId?: string } }[] }).events,
        )
        .filter((e) => e.type === 'command.result')
    await until(() => results().length > 0, 20_000, 'the command’s result to go up')
    await caughtUp()
    expect(new Set(results().map((e) => e.data.commandId))).toEqual(
      new Set(['c0ffee00-0000-4000-8000-000000000001']),
    )
    // Applied once: one result in the station's journal, however often the command came.
    const journaled: unknown[] = []
    for await (const e of t.hub.store.read()) if (e.type === 'command.result') journaled.push(e.data)
    expect(journaled).toEqual([
      { commandId: 'c0ffee00-0000-4000-8000-000000000001', ok: true, problem: null },
    ])
  })
})
