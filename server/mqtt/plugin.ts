import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { subscriptions } from '../sensors/topics.js'
import { type EmbeddedBroker, startEmbeddedBroker } from './broker.js'
import { BrokerConnection } from './connection.js'

export interface MqttInfo {
  mode: 'embedded' | 'external'
  /** Where devices (and the simulators) connect. */
  url: string
  connection: BrokerConnection
  broker: EmbeddedBroker | null
}

declare module 'fastify' {
  interface FastifyInstance {
    mqtt: MqttInfo
  }
}

/**
 * Starts the embedded broker unless mqtt.url names an external one, then connects the hub's client and
 * feeds every message to the sensors. A broker that is down does not stop the hub from starting.
 */
export const mqttPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config } = opts
    const broker = config.mqtt.url
      ? null
      : await startEmbeddedBroker(config).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EADDRINUSE') throw err
          throw new Error(
            `MQTT port ${config.mqtt.embedded.port} is already in use (mqtt.embedded.port): stop the other broker, or set mqtt.url to use it instead`,
          )
        })
    const url = config.mqtt.url ?? (broker as EmbeddedBroker).url
    const login = broker
      ? broker.hubLogin
      : { username: config.mqtt.username, password: config.mqtt.password }
    if (broker) app.log.info(`embedded MQTT broker listening on ${config.mqtt.embedded.host}:${broker.port}`)
    const connection = new BrokerConnection({
      url,
      ...login,
      clientId: `redstation-hub-${config.station.id}-${process.pid}`,
      topics: subscriptions(config.station.id, config.mqtt.zigbee2mqttPrefix),
      reconnectMinMs: config.mqtt.reconnectMinMs,
      reconnectMaxMs: config.mqtt.reconnectMaxMs,
      clock: opts.clock,
      bus: app.bus,
      onMessage: (topic, payload) => app.sensors.handle(topic, payload),
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
