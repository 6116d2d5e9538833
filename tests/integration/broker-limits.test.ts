import { connect as tcp } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { deviceClient, eventually, startTestHub, type TestHub } from '../support/hub.js'

/** Issue 9 point 4: one large message multiplied the hub's memory; retained messages grew without bound. */
const hubs: TestHub[] = []
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close()
})

async function hub(embedded: Record<string, unknown>): Promise<TestHub> {
  const t = await startTestHub({ mqtt: { embedded: { host: '127.0.0.1', port: 0, ...embedded } } })
  hubs.push(t)
  return t
}

/** MQTT 3.1.1 §2.2.3: the remaining length, 7 bits a byte, least significant first. */
function varint(n: number): Buffer {
  const out: number[] = []
  do {
    let b = n % 128
    n = Math.floor(n / 128)
    if (n > 0) b |= 0x80
    out.push(b)
  } while (n > 0)
  return Buffer.from(out)
}

const str = (s: string) => {
  const b = Buffer.from(s)
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b])
}

describe('the embedded broker’s limits', () => {
  it('cuts a client off at a packet over the size limit, before buffering it', async () => {
    const t = await hub({ maxPacketBytes: 65536 })
    const { port, hostname } = new URL(t.mqttUrl)
    const socket = tcp(Number(port), hostname)
    socket.on('error', () => {})
    let closed = false
    socket.on('close', () => (closed = true))
    const connack = new Promise<void>((resolve) => socket.once('data', () => resolve()))
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    // CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s, client id "big" (anonymous is allowed here).
    const body = Buffer.concat([str('MQTT'), Buffer.from([4, 2, 0, 60]), str('big')])
    socket.write(Buffer.concat([Buffer.from([0x10]), varint(body.length), body]))
    await connack
    const before = process.memoryUsage().arrayBuffers
    // A PUBLISH that says it carries 250 MiB, then as much of it as the broker will take (at most 32 MiB).
    const topic = str('redstation/test/devices/fridge-temp')
    socket.write(Buffer.concat([Buffer.from([0x30]), varint(250 * 1024 * 1024), topic]))
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    let sent = 0
    while (!closed && sent < 32 * 1024 * 1024) {
      const ok = socket.write(chunk)
      sent += chunk.length
      if (!ok) await new Promise((r) => setTimeout(r, 5))
    }
    await eventually(() => closed, 3000)
    socket.destroy()
    expect(t.hub.mqtt.broker?.stats().oversizedPackets).toBe(1)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024)
  })

  it('still takes packets up to the limit', async () => {
    const t = await hub({ maxPacketBytes: 65536 })
    const c = await deviceClient(t.mqttUrl)
    await c.publishAsync('zigbee2mqtt/bridge/devices', 'x'.repeat(60_000), { qos: 1 })
    expect(c.connected).toBe(true)
    await c.endAsync()
  })

  it('cuts off a client that floods, keeps its login out for a while, and lets the others go on', async () => {
    const t = await startTestHub({
      mqtt: { embedded: { host: '127.0.0.1', port: 0, allowAnonymous: false, maxMessagesPerSec: 10 } },
      devices: [
        { id: 'hijacked', kind: 'temperature', name: 'H', mqtt: { username: 'h', password: 'h-pass' } },
        { id: 'honest', kind: 'door', name: 'D', mqtt: { username: 'd', password: 'd-pass' } },
      ],
    })
    hubs.push(t)
    const before = t.hub.sensors.stats.accepted
    const flooder = await deviceClient(t.mqttUrl, { username: 'h', password: 'h-pass', queueQoSZero: false })
    const closed = new Promise<void>((resolve) => flooder.once('close', () => resolve()))
    for (let i = 0; i < 2000 && flooder.connected; i++)
      flooder.publish('redstation/test/devices/hijacked', `{"temperature":${i % 50}}`, { qos: 0 })
    await closed
    flooder.end(true)
    // Ten seconds' worth (100) at most got through; the rest never reached the hub.
    await new Promise((r) => setTimeout(r, 200))
    expect(t.hub.sensors.stats.accepted - before).toBeLessThanOrEqual(101)
    expect(t.hub.mqtt.broker?.stats().floodsCut).toBe(1)
    await expect(deviceClient(t.mqttUrl, { username: 'h', password: 'h-pass' })).rejects.toThrow(
      /Server unavailable/i,
    )
    const honest = await deviceClient(t.mqttUrl, { username: 'd', password: 'd-pass' })
    await honest.publishAsync('redstation/test/devices/honest', '{"contact":false}', { qos: 1 })
    await eventually(() => t.hub.sensors.device('honest')?.reading?.contact === false)
    await honest.endAsync()
  })

  it('keeps at most maxRetainedMessages retained messages, and a cleared one makes room', async () => {
    const t = await hub({ maxRetainedMessages: 3 })
    const c = await deviceClient(t.mqttUrl)
    for (let i = 1; i <= 5; i++)
      await c.publishAsync(`zigbee2mqtt/r${i}`, `{"battery":${i}}`, { qos: 1, retain: true })
    expect(await retained(t)).toEqual(['zigbee2mqtt/r1', 'zigbee2mqtt/r2', 'zigbee2mqtt/r3'])
    // Replacing a kept one is fine; clearing one (an empty retained message) frees its place.
    await c.publishAsync('zigbee2mqtt/r1', '{"battery":9}', { qos: 1, retain: true })
    await c.publishAsync('zigbee2mqtt/r2', '', { qos: 1, retain: true })
    await c.publishAsync('zigbee2mqtt/r5', '{"battery":5}', { qos: 1, retain: true })
    expect(await retained(t)).toEqual(['zigbee2mqtt/r1', 'zigbee2mqtt/r3', 'zigbee2mqtt/r5'])
    expect(t.hub.mqtt.broker?.stats()).toMatchObject({ retained: 3, retainRefused: 2 })
    await c.endAsync()
  })

  it('keeps at most maxRetainedBytes of retained payloads', async () => {
    const t = await hub({ maxRetainedBytes: 16384 })
    const c = await deviceClient(t.mqttUrl)
    for (let i = 1; i <= 4; i++)
      await c.publishAsync(`zigbee2mqtt/big${i}`, 'x'.repeat(6000), { qos: 1, retain: true })
    expect(await retained(t)).toEqual(['zigbee2mqtt/big1', 'zigbee2mqtt/big2'])
    expect(t.hub.mqtt.broker?.stats()).toMatchObject({ retained: 2, retainedBytes: 12000 })
    await c.endAsync()
  })
})

/** The retained messages a new subscriber gets, by topic. */
async function retained(t: TestHub): Promise<string[]> {
  const sub = await deviceClient(t.mqttUrl)
  const topics: string[] = []
  sub.on('message', (topic, _payload, packet) => {
    if (packet.retain) topics.push(topic)
  })
  await sub.subscribeAsync('zigbee2mqtt/#', { qos: 1 })
  await new Promise((r) => setTimeout(r, 300))
  await sub.endAsync()
  return topics.sort()
}
