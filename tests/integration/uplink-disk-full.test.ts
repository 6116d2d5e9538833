/**
 * The district acknowledges a batch while the station's disk refuses writes (seen in CI: an unhandled
 * rejection from the uplink's cursor write, in the middle of the metrics test's disk-full check-in). The
 * ack must not take the hub down or be lost silently: the failure is logged and counted, the link stays up,
 * and once the disk takes writes again the next ack makes the cursor durable.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { Aedes } from 'aedes'
import type { MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downTopic, encode, UPLINK_VERSION, upTopic } from '../../server/uplink/protocol.js'
import {
  deviceClient,
  eventually,
  getJson,
  type LogLine,
  startTestHub,
  type TestHub,
} from '../support/hub.js'

const ID = 'st-disk'
let broker: Aedes
let server: Server
let district: MqttClient
let t: TestHub
const log: LogLine[] = []
const batches: { to: number }[] = []

beforeAll(async () => {
  // The district's broker: a plain one, with the test playing the central service (it acks by hand).
  broker = await Aedes.createBroker()
  server = createServer(broker.handle)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`
  district = await deviceClient(url)
  await district.subscribeAsync(upTopic(ID, 'events'), { qos: 1 })
  district.on('message', (_topic, payload) => batches.push(JSON.parse(payload.toString())))
  t = await startTestHub(
    { station: { id: ID, name: '满盘驿站' }, uplink: { url, password: 'password-disk-0123456789' } },
    { log },
  )
  await eventually(async () => (await uplink()).state === 'online', 15_000)
}, 30_000)
afterAll(async () => {
  await t?.close()
  await district?.endAsync(true)
  await new Promise<void>((r) => broker?.close(() => r()))
  server?.close()
})

const uplink = async () =>
  (await getJson<{ uplink: { state: string; cursor: number; acks: number } }>(`${t.url}/api/health`)).body
    .uplink

async function checkin(phone: string) {
  const r = await fetch(`${t.url}/api/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, platform: 'eleme', purposes: ['water'] }),
  })
  expect(r.status).toBe(201)
}

const ack = (through: number) =>
  district.publishAsync(downTopic(ID, 'ack'), encode({ v: UPLINK_VERSION, through }), { qos: 1 })

describe('an ack from the district while the disk is full', () => {
  it('is logged, leaves the hub serving and the link up, and the cursor is made durable by the next ack', {
    timeout: 30_000,
  }, async () => {
    await checkin('13700000001')
    const first = await eventually(() => batches.at(-1), 10_000)
    const before = await uplink()

    t.hub.store.faults.failWrites = true
    try {
      await ack(first.to)
      await eventually(async () => (await uplink()).acks > before.acks, 5000)
      await eventually(() => log.some((l) => /uplink: .*could not save/.test(String(l.msg))), 5000)
      const h = await getJson<{ uplink: { state: string; cursor: number; ackNotSaved: number } }>(
        `${t.url}/api/health`,
      )
      expect(h.status).toBe(200)
      expect(h.body.uplink).toMatchObject({ state: 'online', cursor: first.to, ackNotSaved: 1 })
    } finally {
      t.hub.store.faults.failWrites = false
    }

    // The disk is back: the next batch's ack moves the cursor, on disk.
    await checkin('13700000002')
    const second = await eventually(() => batches.find((b) => b.to > first.to), 10_000)
    await ack(second.to)
    // The place moves in memory first, then on disk: the file is read until it holds it.
    const onDisk = async () =>
      JSON.parse(await readFile(join(t.dataDir, 'cursors.json'), 'utf8')).cursors.uplink.seq
    await eventually(async () => (await onDisk()) === second.to, 5000)
  })
})
