/**
 * Stations and the central service through a real Mosquitto with deploy/mosquitto/district.conf and its ACL
 * (TLS with a throwaway CA), on a real PostgreSQL (a throwaway cluster) and, the same suite, on PGlite.
 * The stations are devices/station-uplink-sim, or a bare MQTT client where a test needs to misbehave.
 */
import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import { SERVICE_LOGIN } from '../../server/central/registry.js'
import {
  type Ack,
  type Birth,
  decodeAck,
  decodeRebirth,
  type EventBatch,
  encode,
  type Figures,
  type Rebirth,
  UPLINK_VERSION,
  upTopic,
} from '../../server/uplink/protocol.js'
import { startSim, startTestCentral, type TestCentral, until } from '../support/central.js'
import { type DistrictBroker, startDistrictBroker } from '../support/district.js'
import { type PostgresHandle, startPostgres } from '../support/postgres.js'

const LOGINS: Record<string, string> = {
  [SERVICE_LOGIN]: 'service-password-0123456789',
  'st-a': 'password-a-0123456789',
  'st-b': 'password-b-0123456789',
  'st-c': 'password-c-0123456789',
  // In the broker's password file but not in the district's registry (a stale file, a forged line).
  ghost: 'password-ghost-0123456789',
}

const sum = (days: Map<string, Figures>, from: string, to: string) => {
  const out = { checkins: 0, signups: 0, cancellations: 0, help: 0 }
  for (const [day, f] of days)
    if (day >= from && day <= to) {
      out.checkins += f.checkins.total
      out.signups += f.screenings.signups
      out.cancellations += f.screenings.cancellations
      out.help += f.help.total
    }
  return out
}

type FiguresReply = Figures & { from: string; to: string }
const shown = (f: FiguresReply) => ({
  checkins: f.checkins.total,
  signups: f.screenings.signups,
  cancellations: f.screenings.cancellations,
  help: f.help.total,
})

let pg: PostgresHandle

beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(async () => {
  await pg?.stop()
})

describe.each([
  { backend: 'PostgreSQL', db: () => pg.database() },
  { backend: 'PGlite', db: async () => null },
])('central on Mosquitto (deploy config, TLS) and $backend', ({ db }) => {
  let district: DistrictBroker
  let central: TestCentral
  const sims: UplinkSim[] = []

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
    const reg = central.app.central.registry
    for (const [id, street] of [
      ['st-a', '东四街道'],
      ['st-b', '东四街道'],
      ['st-c', '交道口街道'],
    ] as const)
      await reg.add({ id, name: `站 ${id}`, street, community: '社区' }, LOGINS[id])
  })
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()))
    await central?.close()
    await district?.stop()
  })

  const sim = async (id: string, seed = 7) => {
    const s = await startSim(id, district.url, LOGINS[id] as string, { caFile: district.certs.ca, seed })
    sims.push(s)
    return s
  }

  it("shows a station's picture and the same figures as the station counts, for day, week and month", async () => {
    const a = await sim('st-a')
    const st = a.station
    for (let i = 0; i < 120; i++) st.step()
    st.temperature(9.5) // too warm: an alert
    st.checkin({ platform: 'meituan', purposes: ['rest', 'water'], returning: false })
    a.poke()
    await a.acked()

    const list = await central.get<{ stations: Array<Record<string, unknown>> }>('/api/stations')
    expect(list.status).toBe(200)
    const row = list.body.stations.find((s) => s.id === 'st-a') as Record<string, unknown>
    expect(row).toMatchObject({ online: true, backlog: 0, street: '东四街道', revoked: false })
    expect(row.openAlerts).toMatchObject({ total: 1, major: 1 })

    const detail = await central.get<{
      devices: Array<{ deviceId: string; reading: { temperature?: number } }>
      alerts: Array<{ type: string; state: string }>
      stock: unknown[]
    }>('/api/stations/st-a')
    expect(detail.body.devices.find((d) => d.deviceId === 'fridge-temp')?.reading.temperature).toBe(9.5)
    expect(detail.body.alerts).toEqual([
      expect.objectContaining({ type: 'temperature-high', state: 'active' }),
    ])
    expect(detail.body.stock).toHaveLength(1)

    for (const period of ['day', 'week', 'month']) {
      const f = await central.get<FiguresReply>(`/api/stations/st-a/figures?period=${period}`)
      expect(f.status).toBe(200)
      expect(shown(f.body)).toEqual(sum(st.days, f.body.from, f.body.to))
    }
    const today = await central.get<FiguresReply>('/api/stations/st-a/figures?period=day')
    expect(today.body.checkins.byPlatform).toEqual(st.figures(today.body.from).checkins.byPlatform)
    expect(today.body.checkins.byPurpose).toEqual(st.figures(today.body.from).checkins.byPurpose)
  })

  it('counts a re-sent batch once, stores only the new part of an overlapping one, and acks after commit', async () => {
    const c = await district.client('st-b', LOGINS['st-b'] as string)
    const acks: number[] = []
    c.on('message', (_t, p) => {
      const d = decodeAck(p)
      if (d.ok) acks.push((d.value as Ack).through)
    })
    await c.subscribeAsync('redstation/st-b/down/#', { qos: 1 })
    await publishBirth(c, 'st-b', 'sess-b', 0)
    await until(() => acks.length > 0, 10_000, 'the ack of the birth')
    const batch = (from: number, to: number): EventBatch => ({
      v: UPLINK_VERSION,
      session: 'sess-b',
      from,
      to,
      head: to,
      events: Array.from({ length: to - from + 1 }, (_, i) => ({
        seq: from + i,
        at: new Date().toISOString(),
        type: 'checkin',
        v: 1,
        data: { day: today(), platform: 'eleme', purposes: ['meal'], returning: false },
      })),
    })
    const send = (b: EventBatch) => c.publishAsync(upTopic('st-b', 'events'), encode(b), { qos: 1 })
    await send(batch(1, 3))
    await until(() => acks.includes(3), 10_000, 'ack through 3')
    await send(batch(1, 3)) // again, as after a lost ack
    await send(batch(2, 5)) // overlapping: 4 and 5 are new
    await until(() => acks.filter((n) => n === 3).length >= 2 && acks.includes(5), 10_000, 'acks 3 and 5')
    const f = await central.get<FiguresReply>('/api/stations/st-b/figures?period=day')
    expect(f.body.checkins.total).toBe(5)
    expect(f.body.checkins.byPlatform).toEqual({ eleme: 5 })
    const stored = await central.app.central.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE station_id = 'st-b'",
    )
    expect(stored.rows[0]?.n).toBe(5)
  })

  it('asks for a rebirth when a batch starts past what it has, and stores nothing of it', async () => {
    const c = await district.client('st-b', LOGINS['st-b'] as string)
    const rebirths: Rebirth[] = []
    c.on('message', (t, p) => {
      const d = decodeRebirth(p)
      if (t.endsWith('/rebirth') && d.ok) rebirths.push(d.value)
    })
    await c.subscribeAsync('redstation/st-b/down/rebirth', { qos: 1 })
    const gap: EventBatch = {
      v: UPLINK_VERSION,
      session: 'sess-b',
      from: 9,
      to: 9,
      head: 9,
      events: [
        { seq: 9, at: new Date().toISOString(), type: 'help', v: 1, data: { day: today(), reason: 'other' } },
      ],
    }
    await c.publishAsync(upTopic('st-b', 'events'), encode(gap), { qos: 1 })
    await until(() => rebirths.length > 0, 10_000, 'a rebirth request')
    expect(rebirths[0]).toEqual({ v: 1, reason: 'gap', committed: 5 })
    const f = await central.get<FiguresReply>('/api/stations/st-b/figures?period=day')
    expect(f.body.help.total).toBe(0)
  })

  it('keeps an unknown or invalid event unread without blocking the cursor, and drops an invalid payload', async () => {
    const c = await district.client('st-b', LOGINS['st-b'] as string)
    const acks: number[] = []
    c.on('message', (_t, p) => {
      const d = decodeAck(p)
      if (d.ok) acks.push(d.value.through)
    })
    await c.subscribeAsync('redstation/st-b/down/ack', { qos: 1 })
    const odd: EventBatch = {
      v: UPLINK_VERSION,
      session: 'sess-b',
      from: 6,
      to: 7,
      head: 7,
      events: [
        // A station bug: a check-in carrying a phone number. Its schema refuses it; the number is not kept.
        {
          seq: 6,
          at: new Date().toISOString(),
          type: 'checkin',
          v: 1,
          data: { day: today(), platform: 'sf', purposes: [], returning: false, phone: '13800001234' },
        },
        { seq: 7, at: new Date().toISOString(), type: 'locker.opened', v: 1, data: { lockerId: 'l-1' } },
      ],
    }
    await c.publishAsync(upTopic('st-b', 'events'), encode(odd), { qos: 1 })
    await until(() => acks.includes(7), 10_000, 'ack through 7')
    const rows = await central.app.central.db.query<{ seq: number; verdict: string; data: unknown }>(
      "SELECT seq, verdict, data FROM events WHERE station_id = 'st-b' AND seq >= 6 ORDER BY seq",
    )
    expect(rows.rows.map((r) => [r.seq, r.verdict])).toEqual([
      [6, 'invalid'],
      [7, 'unknown-type'],
    ])
    expect(JSON.stringify(rows.rows)).not.toContain('13800001234')
    const f = await central.get<FiguresReply>('/api/stations/st-b/figures?period=day')
    expect(f.body.checkins.total).toBe(5)
  })

  it("refuses, at the broker, a station publishing under another station's id", async () => {
    const before = await committed('st-a')
    const c = await district.client('st-b', LOGINS['st-b'] as string)
    const forged: EventBatch = {
      v: UPLINK_VERSION,
      session: 'forged',
      from: before + 1,
      to: before + 1,
      head: before + 1,
      events: [
        {
          seq: before + 1,
          at: new Date().toISOString(),
          type: 'help',
          v: 1,
          data: { day: today(), reason: 'other' },
        },
      ],
    }
    // Mosquitto answers the PUBACK with 0x87 Not authorized (MQTT 5) and forwards nothing.
    await expect(c.publishAsync(upTopic('st-a', 'events'), encode(forged), { qos: 1 })).rejects.toThrow(
      /Not authorized/i,
    )
    // Nor may it read another station's acknowledgements: the subscription is granted but nothing arrives.
    const seen: string[] = []
    c.on('message', (t) => seen.push(t))
    await c.subscribeAsync('redstation/st-a/down/#', { qos: 1 })
    const a = sims[0] as UplinkSim
    a.station.checkin()
    a.poke()
    await a.acked()
    await new Promise((r) => setTimeout(r, 300))
    expect(seen).toEqual([])
    expect(await committed('st-a')).toBe(before + 1) // the real station's one event, not the forged one
    expect(central.app.central.ingest.stats.refused['foreign-topic']).toBe(0) // never reached the service
  })

  it('refuses and counts what a revoked or an unregistered station sends', async () => {
    const ingest = central.app.central.ingest
    await central.app.central.registry.revoke('st-c')
    // The broker's password file still lets both in (it was not rewritten): the service itself refuses.
    for (const id of ['st-c', 'ghost']) {
      const c = await district.client(id, LOGINS[id] as string)
      await publishBirth(c, id, `sess-${id}`, 0)
    }
    await until(
      () => ingest.stats.refused['revoked-station'] >= 1 && ingest.stats.refused['unknown-station'] >= 1,
    )
    expect(ingest.stats.refusedBy('st-c')).toMatchObject({ lastReason: 'revoked-station' })
    const list = await central.get<{ stations: Array<{ id: string; revoked: boolean; online: boolean }> }>(
      '/api/stations',
    )
    expect(list.body.stations.find((s) => s.id === 'st-c')).toMatchObject({ revoked: true, online: false })
    expect(list.body.stations.some((s) => s.id === 'ghost')).toBe(false)
    const health = await central.get<{ ingest: { refused: Record<string, number> } }>('/api/health')
    expect(health.body.ingest.refused['revoked-station']).toBeGreaterThanOrEqual(1)
  })

  it('stores every event once when the broker goes away mid-stream, and the figures equal the station', async () => {
    const a = sims[0] as UplinkSim
    const st = a.station
    const writing = setInterval(() => {
      st.step()
      a.poke()
    }, 20)
    try {
      await new Promise((r) => setTimeout(r, 300))
      await district.broker.kill() // as a crash: nothing flushed, connections dropped
      await new Promise((r) => setTimeout(r, 800)) // the station goes on writing its journal
      await district.broker.restart()
      await new Promise((r) => setTimeout(r, 500))
    } finally {
      clearInterval(writing)
    }
    await until(() => a.cursor === st.head, 20_000, 'the backlog acknowledged')
    const f = await central.get<FiguresReply>('/api/stations/st-a/figures?period=month')
    expect(shown(f.body)).toEqual(sum(st.days, f.body.from, f.body.to))
    expect(await committed('st-a')).toBe(st.head)
  })

  it('sees a station go dark by its last will, and keeps its retained state across a broker restart', async () => {
    const a = sims[0] as UplinkSim
    await a.kill()
    await until(async () => !(await stationRow('st-a')).online, 10_000, 'st-a offline')
    sims.shift()
    // Persistence: the retained `offline` is still there for a client that subscribes after a restart.
    await district.broker.restart()
    const c = await district.client(SERVICE_LOGIN, LOGINS[SERVICE_LOGIN] as string)
    const states: string[] = []
    c.on('message', (t, p) => {
      if (t === upTopic('st-a', 'state')) states.push(JSON.parse(p.toString()).state)
    })
    await c.subscribeAsync('redstation/+/up/state', { qos: 1 })
    await until(() => states.length > 0, 5000, 'the retained state')
    expect(states[0]).toBe('offline')
  })

  async function stationRow(id: string) {
    const list = await central.get<{ stations: Array<{ id: string; online: boolean; committed: number }> }>(
      '/api/stations',
    )
    return list.body.stations.find((s) => s.id === id) as { online: boolean; committed: number }
  }
  async function committed(id: string) {
    return (await stationRow(id)).committed
  }
})

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now())
}

async function publishBirth(c: MqttClient, id: string, session: string, seq: number) {
  const birth: Birth = {
    v: UPLINK_VERSION,
    session,
    seq,
    acked: 0,
    at: new Date().toISOString(),
    station: { name: id, timeZone: 'Asia/Shanghai' },
    devices: [],
    alerts: [],
    stock: [],
    today: {
      day: today(),
      checkins: { total: 0, returning: 0, byPlatform: {}, byPurpose: {} },
      screenings: { signups: 0, cancellations: 0, promoted: 0 },
      help: { total: 0, byReason: {} },
    },
  }
  await c.publishAsync(upTopic(id, 'birth'), encode(birth), { qos: 1 })
}
