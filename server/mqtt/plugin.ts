import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { subscriptions } from '../sensors/topics.js'
import { type EmbeddedBroker, startEmbeddedBroker } from './broker.js'
import { HUB_ID_PREFIX } from './broker-access.js'
import { BrokerConnection } from './connection.js'
import type { HubFeed } from './local-feed.js'

export interface MqttInfo {
  mode: 'embedded' | 'external'
  /** Where devices (and the simulators) connect. */
  url: string
  /** How the hub reads the broker: in-process (embedded) or as its client (external). */
  connection: HubFeed
  broker: EmbeddedBroker | null
}

declare module 'fastify' {
  interface FastifyInstance {
    mqtt: MqttInfo
  }
}

/**
 * Starts the embedded broker unless mqtt.url names an external one, and feeds every device message to the
 * sensors. The embedded broker is read in-process (nothing on the network can take the hub's place); an
 * external one as a client with an unguessable client id. A broker that is down does not stop the hub.
 */
export const mqttPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config } = opts
    const topics = subscriptions(config.station.id, config.mqtt.zigbee2mqttPrefix)
    const onMessage = (topic: string, payload: Buffer) => app.sensors.handle(topic, payload)
    const broker = config.mqtt.url
      ? null
      : await startEmbeddedBroker(config, (m) => app.log.warn(m)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EADDRINUSE') throw err
          throw new Error(
            `MQTT port ${config.mqtt.embedded.port} is already in use (mqtt.embedded.port): stop the other broker, or set mqtt.url to use it instead`,
          )
        })
    const url = config.mqtt.url ?? (broker as EmbeddedBroker).url
    if (broker) app.log.info(`embedded MQTT broker listening on ${config.mqtt.embedded.host}:${broker.port}`)
    const connection: HubFeed = broker
      ? broker.feed(topics, onMessage, (err) => app.log.error({ err }, 'mqtt: handling a message failed'))
      : new BrokerConnection({
          url,
          username: config.mqtt.username,
          password: config.mqtt.password,
          // Random, so nobody can guess it to take the hub's session over (and $SYS shows nothing stable).
          clientId: `${HUB_ID_PREFIX}-${config.station.id}-${randomBytes(8).toString('hex')}`,
          topics,
          reconnectMinMs: config.mqtt.reconnectMinMs,
          reconnectMaxMs: config.mqtt.reconnectMaxMs,
          clock: opts.clock,
          bus: app.bus,
          onMessage,
          log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
        })
    app.decorate('mqtt', {
      mode: broker ? 'embedded' : 'external',
      url,
      connection,
      broker,
    } satisfies MqttInfo)
    // Registered after every feature, so closed first: no message arrives while features write.
    app.addHook('onClose', async () => {
      await connection.close()
      await broker?.close()
    })
    // Give the broker a moment so the first /api/state is complete, but never block start-up on it.
    if (!(await connection.waitConnected(3000)))
      app.log.warn(`MQTT broker at ${url} not reachable yet; retrying`)
  },
  { name: 'mqtt', dependencies: ['sensors'] },
)
