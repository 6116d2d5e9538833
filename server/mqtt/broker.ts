import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:net'
import { Aedes, type AuthenticateError } from 'aedes'
import type { Config } from '../config/schema.js'
import { nativeBase } from '../sensors/topics.js'

export interface EmbeddedBroker {
  url: string
  port: number
  /** The login the hub's own client uses; made fresh at every start, never written anywhere. */
  hubLogin: { username: string; password: string }
  connectedClients(): number
  close(): Promise<void>
}

const HUB_USER = 'redstation-hub'

function safeEqual(a: string, b: Buffer | undefined): boolean {
  if (!b) return false
  const x = Buffer.from(a)
  return x.length === b.length && timingSafeEqual(x, b)
}

function authError(message: string): AuthenticateError {
  // [MQTT-3.2.2-3] return code 4: bad user name or password
  return Object.assign(new Error(message), { returnCode: 4 }) as AuthenticateError
}

/**
 * The embedded MQTT broker (aedes). Devices with credentials in the config may publish only to their own
 * topics; anonymous devices are let in only when mqtt.embedded.allowAnonymous is true.
 */
export async function startEmbeddedBroker(config: Config): Promise<EmbeddedBroker> {
  const hubLogin = { username: HUB_USER, password: randomBytes(24).toString('base64url') }
  const devicesByUser = new Map(
    config.devices.filter((d) => d.mqtt).map((d) => [d.mqtt?.username as string, d]),
  )
  const devicesById = new Map(config.devices.map((d) => [d.id, d]))
  const base = nativeBase(config.station.id)
  const { allowAnonymous } = config.mqtt.embedded

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      if (username === undefined) {
        return allowAnonymous ? done(null, true) : done(authError('anonymous login is not allowed'), false)
      }
      if (username === HUB_USER) {
        return safeEqual(hubLogin.password, password) ? done(null, true) : done(authError('bad login'), false)
      }
      const device = devicesByUser.get(username)
      if (device?.mqtt && safeEqual(device.mqtt.password, password)) {
        ;(client as unknown as { deviceId?: string }).deviceId = device.id
        return done(null, true)
      }
      done(authError('bad login'), false)
    },
    authorizePublish(client, packet, done) {
      const deviceId = (client as unknown as { deviceId?: string } | null)?.deviceId
      if (packet.topic.startsWith('$SYS')) return done(new Error('$SYS is read-only'))
      if (!deviceId) return done(null) // the hub itself, or an anonymous device when those are allowed
      const device = devicesById.get(deviceId)
      const own = [`${base}/${deviceId}`, `${base}/${deviceId}/availability`]
      if (device?.zigbee) {
        const z = `${config.mqtt.zigbee2mqttPrefix}/${device.zigbee}`
        own.push(z, `${z}/availability`)
      }
      done(
        own.includes(packet.topic)
          ? null
          : new Error(`device ${deviceId} may not publish to ${packet.topic}`),
      )
    },
  })

  const server: Server = createServer(broker.handle)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.mqtt.embedded.port, config.mqtt.embedded.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.mqtt.embedded.port
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    hubLogin,
    connectedClients: () => broker.connectedClients,
    async close() {
      // Stop accepting, then drop the clients that are still connected so close() does not wait for them.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      await closed
    },
  }
}
