/**
 * The station's disk fails a read while the uplink sends a backlog (an SD card's EIO, a damaged segment):
 * the hub must not stop, and the uplink must try the read again and send everything once it succeeds.
 * Before, the error escaped the uplink's sending loop as an unhandled rejection, which stops Node.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Aedes } from 'aedes'
import type { MqttClient } from 'mqtt'
import { afterAll, describe, expect, it } from 'vitest'
import { upTopic } from '../../server/uplink/protocol.js'
import { writeYear } from '../bench/year-of-data.js'
import {
  deviceClient,
  eventually,
  getJson,
  type LogLine,
  startTestHub,
  type TestHub,
} from '../support/hub.js'
import { freePort } from '../support/station-process.js'

const ID = 'st-eio'
const EVENTS = 50
let broker: Aedes | undefined
let server: Server | undefined
let district: MqttClient | undefined
let t: TestHub | undefined
let dataDir = ''

afterAll(async () => {
  await t?.close()
  await district?.endAsync(true)
  await new Promise<void>((r) => (broker ? broker.close(() => r()) : r()))
  server?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

describe('a journal read that fails while the uplink sends', () => {
  it('is logged and tried again; the hub keeps serving and the backlog arrives whole', {
    timeout: 60_000,
  }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'redstation-uplink-eio-'))
    // The backlog: check-ins journaled before the station first starts.
    await writeYear(dataDir, { checkins: EVENTS, signups: 0, other: 0 }, { days: 1, endsAgoMs: 0 })
    const port = await freePort()
    const log: LogLine[] = []
    t = await startTestHub(
      {
        station: { id: ID, name: '读盘驿站' },
        uplink: { url: `mqtt://127.0.0.1:${port}`, password: 'password-eio-0123456789' },
      },
      { dataDir, log },
    )
    // The district's broker is not up yet: the first reads of the journal, when it is, fail.
    const store = t.hub.store
    const read = store.read.bind(store)
    let failures = 2
    store.read = (from?: number) => {
      if (failures-- > 0) throw Object.assign(new Error('EIO: i/o error, read (test)'), { code: 'EIO' })
      return read(from)
    }
    broker = await Aedes.createBroker()
    server = createServer(broker.handle)
    await new Promise<void>((r) => server?.listen(port, '127.0.0.1', r))
    district = await deviceClient(`mqtt://127.0.0.1:${port}`)
    const seqs = new Set<number>()
    district.on('message', (_topic, payload) => {
      for (const e of JSON.parse(payload.toString()).events as { seq: number }[]) seqs.add(e.seq)
    })
    await district.subscribeAsync(upTopic(ID, 'events'), { qos: 1 })

    await eventually(() => seqs.size >= EVENTS, 30_000)
    expect(failures).toBeLessThan(0)
    expect(log.some((l) => /uplink: .*EIO/.test(String(l.msg)))).toBe(true)
    expect((await getJson(`${t.url}/api/health`)).status).toBe(200)
  })
})
