import { createServer, type Server } from 'node:net'
import { Aedes } from 'aedes'
import type { Config } from '../config/schema.js'
import { brokerAccess } from './broker-access.js'
import { LocalFeed } from './local-feed.js'
import { PacketSizeGuard } from './packet-guard.js'
import { RetainedBudget } from './retained.js'

export interface BrokerStats {
  clients: number
  retained: number
  retainedBytes: number
  /** Retained messages delivered but not kept: the count or bytes bound was reached. */
  retainRefused: number
  /** Clients cut off for a packet over mqtt.embedded.maxPacketBytes. */
  oversizedPackets: number
  /** Subscriptions answered "refused" (SUBACK 0x80). */
  refusedSubscriptions: number
  /** Clients cut off for publishing more than mqtt.embedded.maxMessagesPerSec. */
  floodsCut: number
}

export interface EmbeddedBroker {
  url: string
  port: number
  connectedClients(): number
  stats(): BrokerStats
  /** The hub's own reading of the broker, in-process (see local-feed.ts). */
  feed(
    topics: string[],
    onMessage: (topic: string, payload: Buffer) => void,
    onError: (err: unknown) => void,
  ): LocalFeed
  close(): Promise<void>
}

/** Clients that have not sent CONNECT within this are dropped (aedes' default is 30 s). */
const CONNECT_TIMEOUT_MS = 10_000

/**
 * The embedded MQTT broker (aedes), with the rules of broker-access.ts, a packet size limit checked before
 * a packet is buffered, and bounded retained messages.
 */
export async function startEmbeddedBroker(
  config: Config,
  warn: (msg: string) => void = () => {},
): Promise<EmbeddedBroker> {
  const opts = config.mqtt.embedded
  const retained = new RetainedBudget({
    maxMessages: opts.maxRetainedMessages,
    maxBytes: opts.maxRetainedBytes,
  })
  const counts = { oversizedPackets: 0, refusedSubscriptions: 0 }
  let broker: Aedes | null = null
  const access = brokerAccess(config, () => (broker as unknown as { clients: Record<string, never> }).clients)

  broker = await Aedes.createBroker({
    connectTimeout: CONNECT_TIMEOUT_MS,
    authenticate: access.authenticate,
    authorizePublish(client, packet, done) {
      const refused = access.mayPublish(client, packet.topic)
      if (refused) return done(refused)
      if (packet.retain) {
        const size = Buffer.byteLength(packet.payload as Buffer | string)
        if (!retained.admit(packet.topic, size)) packet.retain = false
      }
      done(null)
    },
    authorizeSubscribe(client, sub, done) {
      if (access.maySubscribe(client, sub.topic)) return done(null, sub)
      counts.refusedSubscriptions++
      done(null, null) // negated: SUBACK 0x80 for this filter, the client stays connected
    },
  })
  const aedes = broker

  const server: Server = createServer((socket) => {
    aedes.handle(socket)
    // After handle(): aedes reads with 'readable', so this listener sees each chunk as aedes reads it
    // (before its parser) and never switches the socket to flowing mode.
    const guard = new PacketSizeGuard(opts.maxPacketBytes)
    socket.on('data', (chunk: Buffer) => {
      const size = guard.feed(chunk)
      if (size === null) return
      counts.oversizedPackets++
      warn(
        `mqtt: cut off ${socket.remoteAddress}: a packet of ${size} bytes is over mqtt.embedded.maxPacketBytes (${opts.maxPacketBytes})`,
      )
      socket.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : opts.port
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    connectedClients: () => aedes.connectedClients,
    stats: () => ({
      clients: aedes.connectedClients,
      retained: retained.messages,
      retainedBytes: retained.bytes,
      retainRefused: retained.refused,
      floodsCut: access.flood.cut,
      ...counts,
    }),
    feed: (topics, onMessage, onError) => new LocalFeed(aedes, topics, onMessage, onError),
    async close() {
      // Stop accepting, then drop the clients that are still connected so close() does not wait for them.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
      await closed
    },
  }
}
