/**
 * Acting from afar and staff scope (issue 12) on the central service with its embedded broker and PGlite:
 * an acknowledgement from the district goes down as a command and comes back as the station's own
 * acknowledgement, once even when sent again and across the station going away; a notice published to one
 * street reaches that street's stations and not another's; a job fair's sign-ups are counted back; a
 * street's staff see and act only on their street; the administrator reads the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { startTestCentral, type TestCentral, until } from '../support/central.js'

const PW = 'password-0123456789-abcdef'
const STREETS = {
  'a-1': ['东四街道', '朝西社区'],
  'a-2': ['东四街道', '史家社区'],
  'b-1': ['交道口街道', '福祥社区'],
} as const
const EAST = { name: 'east', password: 'east-staff-password' }
const SHIJIA = { name: 'shijia', password: 'shijia-staff-password' }

let central: TestCentral
const sims = new Map<string, UplinkSim>()
let east: string
let shijia: string

async function startStation(id: string, station?: SimStation): Promise<UplinkSim> {
  const s = station ?? new SimStation({ id, name: `站 ${id}`, seed: id.length })
  const sim = new UplinkSim({
    url: central.app.central.brokerUrl,
    station: s,
    password: PW,
    ackTimeoutMs: 1500,
    reconnectMs: 300,
  })
  await sim.start()
  sims.set(id, sim)
  return sim
}

type Alert = {
  alertId: string
  state: string
  ackFrom: string | null
  districtAck: { by: string; state: string } | null
}
const alertsOf = async (station: string) =>
  (await central.get<{ alerts: Alert[] }>(`/api/alerts?state=all&station=${station}`)).body.alerts

beforeAll(async () => {
  central = await startTestCentral({
    users: [
      { name: EAST.name, role: 'staff', password: EAST.password },
      { name: SHIJIA.name, role: 'staff', password: SHIJIA.password },
    ],
  })
  for (const [id, [street, community]] of Object.entries(STREETS))
    await central.app.central.registry.add({ id, name: `站 ${id}`, street, community }, PW)
  for (const id of Object.keys(STREETS)) await startStation(id)
  east = await central.login(EAST.name, EAST.password)
  shijia = await central.login(SHIJIA.name, SHIJIA.password)
  expect(
    (await central.send('PUT', '/api/staff/east/scope', { level: 'street', street: '东四街道' })).status,
  ).toBe(200)
  expect(
    (
      await central.send('PUT', '/api/staff/shijia/scope', {
        level: 'community',
        street: '东四街道',
        community: '史家社区',
      })
    ).status,
  ).toBe(200)
}, 60_000)

afterAll(async () => {
  await Promise.all([...sims.values()].map((s) => s.stop()))
  await central?.close()
})

describe('an acknowledgement from the district', () => {
  it('goes to the station as a command, is applied there once, and comes back as its acknowledgement', async () => {
    const sim = sims.get('a-1') as UplinkSim
    const alert = sim.station.raise({ type: 'door-open', severity: 'critical', alertId: 'door-1' })
    sim.poke()
    await sim.acked()

    const ack = await central.send<{ command: { id: string; state: string } }>(
      'POST',
      `/api/stations/a-1/alerts/${alert.alertId}/acknowledge`,
      { note: '已电话联系站长', commandId: 'd-ack-1' },
      east,
    )
    expect(ack.status).toBe(202)
    expect(ack.body.command).toMatchObject({ id: 'd-ack-1', state: 'pending' })
    // The same request again (a double tap, a retry after a lost answer) is the same command.
    const again = await central.send<{ command: { id: string } }>(
      'POST',
      `/api/stations/a-1/alerts/${alert.alertId}/acknowledge`,
      { note: '已电话联系站长', commandId: 'd-ack-1' },
      east,
    )
    expect(again.body.command.id).toBe('d-ack-1')

    const done = await until(
      async () => {
        const a = (await alertsOf('a-1')).find((x) => x.alertId === 'door-1')
        return a?.state === 'acknowledged' && a.districtAck?.state === 'ok' ? a : null
      },
      10_000,
      'the station to acknowledge and report',
    )
    expect(done).toMatchObject({ ackFrom: 'district', districtAck: { by: 'east', state: 'ok' } })
    expect(sim.station.applied.get('d-ack-1')).toEqual({ ok: true, problem: null })

    // Sent again (as after a birth): answered, not applied twice.
    const row = await central.app.central.commands.get('d-ack-1')
    await central.app.central.commands.send([{ ...(row as NonNullable<typeof row>), state: 'pending' }])
    await until(() => sim.stats.commands >= 2, 5000, 'the re-sent command')
    sim.poke()
    await sim.acked()
    const { rows } = await central.app.central.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE station_id = 'a-1' AND type = 'alert.acknowledged'`,
    )
    expect(rows[0]?.n).toBe(1)
    // An alert no longer active cannot be acknowledged again from the district.
    const late = await central.send<{ code: string }>(
      'POST',
      `/api/stations/a-1/alerts/door-1/acknowledge`,
      { note: null },
      east,
    )
    expect(late).toMatchObject({ status: 409, body: { code: 'CENTRAL_ERR_ALERT_NOT_OPEN' } })
  })

  it('waits for a station that is away, and is applied once after its birth', async () => {
    const sim = sims.get('a-2') as UplinkSim
    const station = sim.station
    station.raise({ type: 'sensor-offline', severity: 'major', alertId: 'silent-1' })
    sim.poke()
    await sim.acked()
    await sim.kill()
    await until(
      async () => {
        const s = await central.get<{ station: { online: boolean } }>('/api/stations/a-2')
        return s.body.station.online === false
      },
      10_000,
      'the station to go dark',
    )
    const ack = await central.send<{ command: { id: string; sends: number } }>(
      'POST',
      '/api/stations/a-2/alerts/silent-1/acknowledge',
      { note: '设备掉线，明早处理' },
    )
    expect(ack.status).toBe(202)
    expect((await central.app.central.commands.get(ack.body.command.id))?.sends).toBe(0)
    const back = await startStation('a-2', station)
    await until(() => station.applied.has(ack.body.command.id), 10_000, 'the command after the birth')
    back.poke()
    await until(async () => (await central.app.central.commands.get(ack.body.command.id))?.state === 'ok')
    expect([...station.alerts.values()].find((a) => a.alertId === 'silent-1')).toMatchObject({
      state: 'acknowledged',
      ackFrom: 'district',
    })
  })
})

describe('publishing to a street', () => {
  it("reaches that street's stations and not another's, and a job fair's sign-ups are counted back", async () => {
    const notice = await central.send<{
      publication: { id: string; commands: Array<{ stationId: string }> }
    }>(
      'POST',
      '/api/publications',
      {
        id: 'd-notice-1',
        kind: 'notice',
        title: '社保咨询',
        body: '每周三上午',
        category: 'insurance',
        streets: ['东四街道'],
      },
      east,
    )
    expect(notice.status).toBe(201)
    expect(notice.body.publication.commands.map((c) => c.stationId)).toEqual(['a-1', 'a-2'])
    await until(
      () =>
        sims.get('a-1')?.station.notices.has('d-notice-1') &&
        sims.get('a-2')?.station.notices.has('d-notice-1'),
      10_000,
      "the notice at the street's stations",
    )
    expect(sims.get('b-1')?.station.notices.has('d-notice-1')).toBe(false)
    expect(sims.get('b-1')?.stats.commands).toBe(0)

    const fair = await central.send<{ publication: { id: string } }>('POST', '/api/publications', {
      kind: 'job-fair',
      title: '春风行动招聘会',
      organiser: '区人力社保局',
      place: '驿站门前广场',
      start: '2026-12-10T01:00:00Z',
      end: '2026-12-10T05:00:00Z',
      capacity: 30,
      stations: ['a-1', 'b-1'],
    })
    expect(fair.status).toBe(201)
    const id = fair.body.publication.id
    for (const s of ['a-1', 'b-1']) {
      const sim = sims.get(s) as UplinkSim
      await until(() => sim.station.screenings.has(id), 10_000, `the fair at ${s}`)
    }
    const a = sims.get('a-1') as UplinkSim
    a.station.signup(id, '春风行动招聘会')
    a.station.signup(id, '春风行动招聘会', 'waiting')
    const b = sims.get('b-1') as UplinkSim
    b.station.signup(id, '春风行动招聘会')
    for (const sim of [a, b]) {
      sim.poke()
      await sim.acked()
    }
    const pubs = await until(
      async () => {
        const r = await central.get<{
          publications: Array<{
            id: string
            signups?: { signups: number; waiting: number; places: number }
            commands: Array<{ state: string }>
          }>
        }>('/api/publications')
        const p = r.body.publications.find((x) => x.id === id)
        return p?.commands.every((c) => c.state === 'ok') && p.signups?.signups === 3 ? p : null
      },
      10_000,
      'the sign-ups counted back',
    )
    expect(pubs?.signups).toMatchObject({ signups: 3, waiting: 1, places: 60 })
    // A street's staff see the publication only at their own stations.
    const theirs = await central.get<{ publications: Array<{ id: string }> }>('/api/publications')
    expect(theirs.body.publications.map((p) => p.id)).toContain('d-notice-1')
    const eastView = await central.send<{
      publications: Array<{ id: string; commands: Array<{ stationId: string }> }>
    }>('GET', '/api/publications', undefined, east)
    expect(eastView.body.publications.find((p) => p.id === id)?.commands.map((c) => c.stationId)).toEqual([
      'a-1',
    ])
  })
})

describe('scope', () => {
  it("keeps a street's staff to their street on every route", async () => {
    const as = (method: string, path: string, body?: unknown, who = east) =>
      central.send<{
        code?: string
        stations?: Array<{ id: string }>
        alerts?: Array<{ stationId: string }>
        stations_?: number
      }>(method, path, body, who)
    expect((await as('GET', '/api/stations')).body.stations?.map((s) => s.id).sort()).toEqual(['a-1', 'a-2'])
    expect((await as('GET', '/api/stations', undefined, shijia)).body.stations?.map((s) => s.id)).toEqual([
      'a-2',
    ])
    for (const path of [
      '/api/stations/b-1',
      '/api/stations/b-1/figures?period=month',
      '/api/stations/b-1/commands',
    ])
      expect(await as('GET', path)).toMatchObject({ status: 403, body: { code: 'CENTRAL_ERR_OUT_OF_SCOPE' } })
    expect((await as('GET', '/api/stations/a-1', undefined, shijia)).status).toBe(403)
    expect((await as('GET', '/api/stations/a-2', undefined, shijia)).status).toBe(200)
    const b = sims.get('b-1') as UplinkSim
    b.station.raise({ type: 'door-open', severity: 'critical', alertId: 'b-door' })
    b.poke()
    await b.acked()
    expect(await as('POST', '/api/stations/b-1/alerts/b-door/acknowledge', { note: 'x' })).toMatchObject({
      status: 403,
      body: { code: 'CENTRAL_ERR_OUT_OF_SCOPE' },
    })
    expect(
      (await as('GET', '/api/alerts?state=all')).body.alerts?.every((a) => a.stationId.startsWith('a-')),
    ).toBe(true)
    expect((await central.get<{ alerts: unknown[] }>('/api/alerts?station=b-1')).body.alerts).toHaveLength(1)
    expect(
      await as('POST', '/api/publications', {
        kind: 'notice',
        title: 't',
        body: 'b',
        streets: ['交道口街道'],
      }),
    ).toMatchObject({
      status: 403,
      body: { code: 'CENTRAL_ERR_OUT_OF_SCOPE' },
    })
    // A community's staff may not publish to the whole street, only to their own stations.
    expect(
      (
        await as(
          'POST',
          '/api/publications',
          { kind: 'notice', title: 't', body: 'b', streets: ['东四街道'] },
          shijia,
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await as(
          'POST',
          '/api/publications',
          { kind: 'notice', title: 't', body: 'b', stations: ['a-2'] },
          shijia,
        )
      ).status,
    ).toBe(201)
    const figures = await as('GET', '/api/figures?period=month')
    expect((figures.body as unknown as { stations: number }).stations).toBe(2)
    for (const [method, path, body] of [
      ['GET', '/api/audit'],
      ['GET', '/api/staff'],
      ['PUT', '/api/staff/east/scope', { level: 'district' }],
      ['POST', '/api/stations', { id: 'x-1', name: 'x' }],
      ['POST', '/api/stations/b-1/revoke'],
    ] as const)
      expect((await as(method, path, body)).status, `${method} ${path}`).toBe(403)
    // A staff account nobody gave a scope sees nothing.
    await central.send('PUT', '/api/staff/east/scope', { level: 'none' })
    expect((await as('GET', '/api/stations')).body.stations).toEqual([])
    await central.send('PUT', '/api/staff/east/scope', { level: 'street', street: '东四街道' })
  })

  it('refuses a scope naming a street no station has', async () => {
    expect(
      await central.send('PUT', '/api/staff/east/scope', { level: 'street', street: '东西街道' }),
    ).toMatchObject({ status: 400, body: { code: 'CENTRAL_ERR_BAD_SCOPE' } })
  })

  it('writes every action to the audit log the administrator reads', async () => {
    const log = await central.get<{
      entries: Array<{ actor: string; action: string; stationId: string | null }>
    }>('/api/audit?limit=100')
    const seen = log.body.entries.map((e) => `${e.actor} ${e.action} ${e.stationId ?? '-'}`)
    expect(seen).toEqual(
      expect.arrayContaining([
        'east alert.acknowledge a-1',
        'district alert.acknowledge a-2',
        'east notice.publish a-1',
        'east notice.publish a-2',
        'district screening.publish b-1',
        'district scope.set -',
        'shijia notice.publish a-2',
      ]),
    )
    // Refused actions are not actions taken.
    expect(seen.filter((s) => s.includes(' b-1') && s.startsWith('east'))).toEqual([])
  })
})
