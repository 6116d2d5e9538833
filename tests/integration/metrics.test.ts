/**
 * /metrics (issue 12, point 5) on a real station hub and on the central service it uplinks to, each read
 * over HTTP and parsed by a Prometheus text-format parser: who may read it (this computer, the token, a
 * logged-in account; nobody else), and the values moving when the hub does things — a check-in raises the
 * check-in counter and the store's write histogram, a bad MQTT payload raises rejected, a help request an
 * open alert; the central service counts what it stored and a station's garbage as refused.
 */
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCentral, type TestCentral, until } from '../support/central.js'
import { deviceClient, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'
import { type Scrape, scrape } from '../support/metrics.js'

const ID = 'met-1'
const PW = 'password-0123456789-abcdef'
const STATION_TOKEN = 'station-scraper-token-0123'
const CENTRAL_TOKEN = 'central-scraper-token-0123'
/** As a reverse proxy on the hub's computer passes on a request from elsewhere (http.trustProxy). */
const REMOTE = { 'x-forwarded-for': '203.0.113.7' }

let central: TestCentral
let t: TestHub
let manager: string
let phones = 0

beforeAll(async () => {
  central = await startTestCentral({
    settings: {
      district: { name: '东城区' },
      escalation: { afterMin: 0, webhooks: [] },
      metrics: { token: CENTRAL_TOKEN },
      reports: { chromium: null },
    },
  })
  await central.app.central.registry.add(
    { id: ID, name: '度量驿站', street: '东四街道', community: '民安社区' },
    PW,
  )
  t = await startTestHub({
    station: { id: ID, name: '度量驿站' },
    http: { trustProxy: '127.0.0.1' },
    kiosk: { rateLimitPerMin: 100_000 },
    metrics: { token: STATION_TOKEN, fromLocalhost: true },
    uplink: { url: central.app.central.brokerUrl, password: PW, ackTimeoutSec: 2 },
  })
  manager = await loginAs(t, 'manager')
}, 60_000)

afterAll(async () => {
  await t?.close()
  await central?.close()
})

const checkin = async () => {
  const r = await fetch(`${t.url}/api/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      phone: `1370000${String(++phones).padStart(4, '0')}`,
      platform: 'meituan',
      purposes: ['rest'],
    }),
  })
  expect(r.status).toBe(201)
}
const openAlerts = (s: Scrape) =>
  ['critical', 'major', 'minor', 'warning'].reduce(
    (n, severity) => n + s.value('redstation_alerts_open', { severity }),
    0,
  )
const drained = () =>
  until(
    async () => {
      const h = (await getJson<{ uplink: { state: string; backlog: number } }>(`${t.url}/api/health`)).body
        .uplink
      return h.state === 'online' && h.backlog === 0
    },
    20_000,
    'the uplink to drain',
  )

describe("the station's /metrics", () => {
  it('is read from this computer without a token, in the Prometheus text format, with Node and hub metrics', async () => {
    const s = await scrape(t.url)
    expect(s.status).toBe(200)
    expect(s.contentType).toMatch(/^text\/plain; version=0\.0\.4/)
    for (const name of [
      'redstation_readings_accepted_total',
      'redstation_readings_rejected_total',
      'redstation_checkins_total',
      'redstation_uplink_backlog_events',
      'redstation_uplink_lag_seconds',
      'redstation_uplink_online',
      'redstation_alerts_open',
      'redstation_store_write_seconds',
      'redstation_store_write_failures_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
    ])
      expect(s.families.has(name), name).toBe(true)
    expect(s.families.get('redstation_checkins_total')?.type).toBe('COUNTER')
    expect(s.families.get('redstation_store_write_seconds')?.type).toBe('HISTOGRAM')
  })

  it('from elsewhere, only with the token or a logged-in account', async () => {
    expect((await scrape(t.url, REMOTE)).status).toBe(401)
    expect((await scrape(t.url, { ...REMOTE, authorization: 'Bearer not-the-token-at-all' })).status).toBe(
      403,
    )
    expect((await scrape(t.url, { ...REMOTE, authorization: `Bearer ${STATION_TOKEN}` })).status).toBe(200)
    expect((await scrape(t.url, { ...REMOTE, cookie: manager })).status).toBe(200)
  })

  it('counts check-ins, and the store writes that made them durable', async () => {
    const before = await scrape(t.url)
    for (let i = 0; i < 3; i++) await checkin()
    const after = await scrape(t.url)
    expect(after.value('redstation_checkins_total') - before.value('redstation_checkins_total')).toBe(3)
    expect(after.value('redstation_store_write_seconds')).toBeGreaterThan(
      before.value('redstation_store_write_seconds'),
    )
  })

  it('counts a write the disk refused', async () => {
    const before = await scrape(t.url)
    t.hub.store.faults.failWrites = true
    try {
      const r = await fetch(`${t.url}/api/checkins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '13799990000', platform: 'eleme', purposes: ['water'] }),
      })
      expect(r.status).toBe(503)
    } finally {
      t.hub.store.faults.failWrites = false
    }
    const after = await scrape(t.url)
    // The check-in's group, and any other write in flight then (a device's state, the uplink's cursor).
    expect(
      after.value('redstation_store_write_failures_total') -
        before.value('redstation_store_write_failures_total'),
    ).toBeGreaterThanOrEqual(1)
    expect(after.value('redstation_checkins_total')).toBe(before.value('redstation_checkins_total'))
  })

  it('counts a bad MQTT payload as rejected and a good one as accepted', async () => {
    const before = await scrape(t.url)
    const sensor = await deviceClient(t.mqttUrl)
    await sensor.publishAsync(`redstation/${ID}/devices/fridge-temp`, 'this is not json', { qos: 1 })
    await sensor.publishAsync(
      `redstation/${ID}/devices/fridge-temp`,
      JSON.stringify({ temperature: 'warm' }),
      { qos: 1 },
    )
    await sensor.publishAsync(`redstation/${ID}/devices/fridge-temp`, JSON.stringify({ temperature: 4.5 }), {
      qos: 1,
    })
    await sensor.endAsync()
    const after = (await until(async () => {
      const s = await scrape(t.url)
      return s.value('redstation_readings_accepted_total') >
        before.value('redstation_readings_accepted_total')
        ? s
        : null
    })) as Scrape
    expect(
      after.value('redstation_readings_rejected_total') - before.value('redstation_readings_rejected_total'),
    ).toBe(2)
    expect(
      after.value('redstation_readings_accepted_total') - before.value('redstation_readings_accepted_total'),
    ).toBe(1)
  })

  it('shows a help request as an open alert, and the uplink caught up', async () => {
    const before = openAlerts(await scrape(t.url))
    const r = await fetch(`${t.url}/api/help`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'unwell' }),
    })
    expect(r.status).toBe(201)
    await until(async () => openAlerts(await scrape(t.url)) === before + 1, 5000, 'the help alert')
    await drained()
    const s = await scrape(t.url)
    expect(s.value('redstation_uplink_online')).toBe(1)
    expect(s.value('redstation_uplink_backlog_events')).toBe(0)
    expect(s.value('redstation_uplink_lag_seconds')).toBe(0)
  })
})

describe("the central service's /metrics", () => {
  const bearer = { authorization: `Bearer ${CENTRAL_TOKEN}` }

  it('is read with the district settings’ token or a logged-in account, not from localhost alone', async () => {
    expect((await scrape(central.url)).status).toBe(401)
    expect((await scrape(central.url, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(403)
    expect((await scrape(central.url, { cookie: central.cookie })).status).toBe(200)
    const s = await scrape(central.url, bearer)
    expect(s.status).toBe(200)
    for (const name of [
      'central_events_stored_total',
      'central_batches_total',
      'central_refused_total',
      'central_ingest_commit_seconds',
      'central_stations_registered',
      'central_stations_online',
      'central_stations_backlog_events',
      'central_alerts_open',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(s.families.has(name), name).toBe(true)
    expect(s.value('central_stations_registered')).toBe(1)
    expect(s.value('central_stations_online')).toBe(1)
  })

  it('counts the events it stores (its ingest rate) and their commits', async () => {
    await drained()
    const before = await scrape(central.url, bearer)
    for (let i = 0; i < 4; i++) await checkin()
    await drained()
    const after = await scrape(central.url, bearer)
    expect(
      after.value('central_events_stored_total') - before.value('central_events_stored_total'),
    ).toBeGreaterThanOrEqual(4)
    expect(after.value('central_ingest_commit_seconds')).toBeGreaterThan(
      before.value('central_ingest_commit_seconds'),
    )
    expect(after.value('central_stations_backlog_events')).toBe(0)
    expect(
      after.value('central_alerts_open', { severity: 'critical' }) +
        after.value('central_alerts_open', { severity: 'major' }) +
        after.value('central_alerts_open', { severity: 'minor' }) +
        after.value('central_alerts_open', { severity: 'warning' }),
    ).toBeGreaterThanOrEqual(1)
  })

  it("counts a station's garbage as refused, by reason", async () => {
    const before = await scrape(central.url, bearer)
    const refused = (s: Scrape) => s.value('central_refused_total', { reason: 'bad-payload' })
    const client = await mqtt.connectAsync(central.app.central.brokerUrl, {
      username: ID,
      password: PW,
      reconnectPeriod: 0,
      clientId: `${ID}-garbage`,
    })
    await client.publishAsync(`redstation/${ID}/up/events`, 'not a batch', { qos: 1 })
    await client.endAsync()
    await until(
      async () => refused(await scrape(central.url, bearer)) === refused(before) + 1,
      5000,
      'the refusal',
    )
  })
})
