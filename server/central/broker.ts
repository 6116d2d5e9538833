import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:net'
import { Aedes, type AuthenticateError, type Client } from 'aedes'
import { MAX_PAYLOAD_BYTES, parseTopic, TOPIC_ROOT } from '../uplink/protocol.js'
import type { IngestStats } from './ingest/stats.js'
import { type Registry, SERVICE_LOGIN } from './registry.js'

export interface CentralBroker {
  url: string
  port: number
  /** The central service's own login: made fresh at every start, never written anywhere. */
  serviceLogin: { username: string; password: string }
  connectedClients(): number
  close(): Promise<void>
}

type Who = { role: 'service' } | { role: 'station'; stationId: string }
const who = (client: Client | null): Who | undefined => (client as unknown as { who?: Who } | null)?.who

function authError(message: string): AuthenticateError {
  // [MQTT-3.2.2-3] CONNACK return code 4: bad user name or password; 5: not authorized
  return Object.assign(new Error(message), { returnCode: 4 }) as AuthenticateError
}

function same(a: string, b: Buffer | undefined): boolean {
  if (!b) return false
  const x = Buffer.from(a)
  return x.length === b.length && timingSafeEqual(x, b)
}

/**
 * The district's embedded broker (aedes), for a district that runs no Mosquitto: each station logs in with
 * the credentials of its registration and may publish only under redstation/<its id>/up/ and read only
 * redstation/<its id>/down/ (the same rules as deploy/mosquitto/acl). The central service alone may write
 * down/. Every refusal is counted.
 */
export async function startCentralBroker(opts: {
  host: string
  port: number
  registry: Registry
  stats: IngestStats
}): Promise<CentralBroker> {
  const { registry, stats } = opts
  const serviceLogin = { username: SERVICE_LOGIN, password: randomBytes(24).toString('base64url') }
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      if (username === SERVICE_LOGIN) {
        if (!same(serviceLogin.password, password)) return done(authError('bad login'), false)
        ;(client as unknown as { who: Who }).who = { role: 'service' }
        return done(null, true)
      }
      if (!username || !password) {
        stats.refuse('bad-login', null)
        return done(authError('a station logs in with its id and password'), false)
      }
      registry.verify(username, password.toString()).then(
        (verdict) => {
          if (verdict === 'ok') {
            ;(client as unknown as { who: Who }).who = { role: 'station', stationId: username }
            return done(null, true)
          }
          const reason =
            verdict === 'unknown'
              ? 'unknown-station'
              : verdict === 'revoked'
                ? 'revoked-station'
                : 'bad-login'
          stats.refuse(reason, verdict === 'unknown' ? null : username)
          done(authError(`station login refused: ${verdict}`), false)
        },
        (err: Error) => done(Object.assign(err, { returnCode: 3 }) as AuthenticateError, false),
      )
    },
    authorizePublish(client, packet, done) {
      const w = who(client)
      const t = parseTopic(packet.topic)
      if (w?.role === 'service')
        return done(t?.dir === 'down' ? null : new Error('the service writes down/ only'))
      if (w?.role !== 'station') return done(new Error('not logged in'))
      if (t?.dir !== 'up' || t.stationId !== w.stationId) {
        stats.refuse('foreign-topic', w.stationId, packet.topic.slice(0, 200))
        return done(new Error(`station ${w.stationId} may not publish to ${packet.topic}`))
      }
      if (packet.payload.length > MAX_PAYLOAD_BYTES) {
        stats.refuse('bad-payload', w.stationId, `larger than ${MAX_PAYLOAD_BYTES} bytes`)
        return done(new Error('payload too large'))
      }
      done(null)
    },
    authorizeSubscribe(client, sub, done) {
      const w = who(client)
      if (w?.role === 'service') return done(null, sub)
      const own = w?.role === 'station' ? `${TOPIC_ROOT}/${w.stationId}/down/` : null
      // A filter the station may hold: its own down/ tree (down/# or one kind), nothing wider.
      const ok = own !== null && sub.topic.startsWith(own) && !sub.topic.slice(own.length).includes('/')
      done(null, ok ? sub : null)
    },
  })
  const server: Server = createServer(broker.handle)
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
    serviceLogin,
    connectedClients: () => broker.connectedClients,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      await closed
    },
  }
}
