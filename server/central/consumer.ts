import { readFile } from 'node:fs/promises'
import mqtt, { type MqttClient } from 'mqtt'
import { centralSubscriptions } from '../uplink/protocol.js'
import type { Ingest } from './ingest/service.js'

export interface ConsumerOptions {
  url: string
  username: string
  password: string
  /** PEM file of the CA that signed the broker's certificate (mqtts://). */
  caFile?: string | null
  /** Shared-subscription group; null on a broker without shared subscriptions (the embedded one). */
  group: string | null
  ingest: Ingest
  log: { info(m: string): void; warn(m: string): void }
}

export interface Consumer {
  client: MqttClient
  connected(): boolean
  reconnects(): number
  /** Takes no new messages (unsubscribes); the connection stays for the acks still to go out. */
  stopTaking(): Promise<void>
  close(): Promise<void>
}

/**
 * The central service's MQTT client: takes births and batches through the shared subscription (so several
 * instances split the stations' traffic), every station's retained state through its own, and publishes the
 * acknowledgements. A clean session: what a dead instance was given but did not acknowledge, the station
 * sends again after its ack timeout, to whichever instance is there.
 */
export async function startConsumer(o: ConsumerOptions): Promise<Consumer> {
  const ca = o.caFile ? await readFile(o.caFile) : undefined
  const client = mqtt.connect(o.url, {
    username: o.username,
    password: o.password,
    ca,
    clean: true,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    clientId: `central-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  })
  let reconnects = 0
  const subs = centralSubscriptions(o.group)
  client.on('connect', () => {
    client.subscribe([...subs.shared, ...subs.own], { qos: 1 }, (err, granted) => {
      const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic)
      if (err || refused.length > 0)
        o.log.warn(`broker refused the subscription ${refused.join(', ') || err?.message}`)
    })
  })
  client.on('reconnect', () => reconnects++)
  client.on('error', (err) => o.log.warn(`broker: ${err.message}`))
  client.on('message', (topic, payload) => void o.ingest.handle(topic, payload))
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      client.end(true)
      reject(new Error(`cannot reach the broker at ${o.url}: ${err.message}`))
    }
    const timer = setTimeout(() => fail(new Error('no answer in 15 s')), 15_000)
    client.once('connect', () => {
      clearTimeout(timer)
      client.off('error', fail)
      resolve()
    })
    client.once('error', fail)
  })
  return {
    client,
    connected: () => client.connected,
    reconnects: () => reconnects,
    async stopTaking() {
      if (client.connected) await client.unsubscribeAsync([...subs.shared, ...subs.own]).catch(() => {})
    },
    close: () => client.endAsync(),
  }
}
