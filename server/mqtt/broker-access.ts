import { timingSafeEqual } from 'node:crypto'
import type { AuthenticateError, Client } from 'aedes'
import type { Config } from '../config/schema.js'
import { nativeBase } from '../sensors/topics.js'
import { FloodGuard } from './flood-guard.js'

/**
 * Who may do what on the embedded broker (aedes' hooks: authenticate, authorizePublish, authorizeSubscribe).
 *
 * - A device with a login (devices[].mqtt) publishes its own topics only, and subscribes only under them.
 * - zigbee2mqtt with its login (mqtt.embedded.zigbee2mqtt) publishes and subscribes under its base topic
 *   and homeassistant/ (its discovery).
 * - Anonymous clients, only when mqtt.embedded.allowAnonymous (the demo): anything but the reserved topics.
 * - Nobody subscribes to $SYS or other $ topics [MQTT-4.7.2-1]: they list every client id.
 * - A client publishing more than mqtt.embedded.maxMessagesPerSec (zigbee2mqtt: ten times that) is cut off,
 *   and its login may not come back for 10 s (flood-guard.ts).
 * - A client id in use by another login is refused, so no device can knock another off by taking its
 *   session [MQTT-3.1.4-2 lets the broker choose]; the same login may take its own over (a half-open link).
 *   Ids starting `redstation-hub` are refused: the hub reads this broker in-process, never as a client.
 */
export const HUB_ID_PREFIX = 'redstation-hub'

interface Identity {
  /** The login, or null for an anonymous client. */
  login: string | null
  /** Messages a second it may publish on average (flood-guard.ts). */
  perSec: number
  /** Topics it may publish, exactly. null: any (anonymous). */
  publishes: ((topic: string) => boolean) | null
  /** Topic prefixes it may subscribe under. null: any but $ topics (anonymous). */
  subscribesUnder: string[] | null
}

type Tagged = Client & { identity?: Identity }

function safeEqual(a: string, b: Buffer | undefined): boolean {
  if (!b) return false
  const x = Buffer.from(a)
  return x.length === b.length && timingSafeEqual(x, b)
}

function refuse(message: string, returnCode: 2 | 3 | 4 | 5): AuthenticateError {
  // [MQTT-3.2.2-3] return codes: 2 identifier rejected, 3 server unavailable, 4 bad user name or password,
  // 5 not authorized.
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError
}

/** True when `filter` is `prefix` itself or lies under it (wildcards only below the prefix). */
const under = (filter: string, prefixes: string[]) =>
  prefixes.some((p) => filter === p || filter.startsWith(`${p}/`))

export function brokerAccess(config: Config, clientsById: () => Record<string, Tagged>) {
  const base = nativeBase(config.station.id)
  const z2m = config.mqtt.zigbee2mqttPrefix
  const { allowAnonymous, zigbee2mqtt, maxMessagesPerSec: perSec } = config.mqtt.embedded
  const flood = new FloodGuard()
  /** Who a penalty sticks to: the login, or for an anonymous client its address. */
  const who = (client: Tagged) =>
    client.identity?.login ?? `address ${(client.conn as { remoteAddress?: string }).remoteAddress ?? '?'}`
  const identities = new Map<string, { password: string; identity: Identity }>()
  for (const d of config.devices) {
    if (!d.mqtt) continue
    const own = [`${base}/${d.id}`]
    if (d.zigbee) own.push(`${z2m}/${d.zigbee}`)
    const topics = new Set(own.flatMap((t) => [t, `${t}/availability`]))
    identities.set(d.mqtt.username, {
      password: d.mqtt.password,
      identity: { login: d.mqtt.username, perSec, publishes: (t) => topics.has(t), subscribesUnder: own },
    })
  }
  if (zigbee2mqtt) {
    const own = [z2m, 'homeassistant']
    identities.set(zigbee2mqtt.username, {
      password: zigbee2mqtt.password,
      identity: {
        login: zigbee2mqtt.username,
        perSec: perSec * 10,
        publishes: (t) => under(t, own),
        subscribesUnder: own,
      },
    })
  }
  const anonymous: Identity = { login: null, perSec, publishes: null, subscribesUnder: null }

  return {
    flood,

    authenticate(
      client: Tagged,
      username: string | undefined,
      password: Buffer | undefined,
      done: (err: AuthenticateError | null, ok: boolean | null) => void,
    ) {
      if (client.id.toLowerCase().startsWith(HUB_ID_PREFIX))
        return done(refuse(`client id ${client.id} is reserved`, 2), false)
      let identity: Identity
      if (username === undefined) {
        if (!allowAnonymous) return done(refuse('anonymous login is not allowed', 4), false)
        identity = anonymous
      } else {
        const known = identities.get(username)
        if (!known || !safeEqual(known.password, password)) return done(refuse('bad login', 4), false)
        identity = known.identity
      }
      client.identity = identity
      if (flood.penalized(who(client)))
        return done(refuse(`${who(client)} sent too many messages; try again in a few seconds`, 3), false)
      const holder = clientsById()[client.id]
      if (holder && !holder.closed && holder.identity?.login !== identity.login)
        return done(refuse(`client id ${client.id} is in use by another login`, 2), false)
      done(null, true)
    },

    /** Throws nothing; the error closes the client (aedes, MQTT 3.1.1 has no refusal for a PUBLISH). */
    mayPublish(client: Tagged | null, topic: string): Error | null {
      if (topic.startsWith('$')) return new Error(`${topic}: $ topics are the broker's`)
      // client null: a will of a client already gone, checked when it connected.
      if (!client) return null
      const identity = client.identity
      if (identity && !flood.take(client, identity.perSec)) {
        flood.penalize(who(client))
        return new Error(`${who(client)} sent more than ${identity.perSec} messages a second; cut off`)
      }
      const rule = identity?.publishes
      if (rule === null) return null
      return rule?.(topic) ? null : new Error(`${client.identity?.login} may not publish to ${topic}`)
    },

    maySubscribe(client: Tagged, filter: string): boolean {
      if (filter.startsWith('$')) return false // $SYS, $share: nobody here needs them
      const prefixes = client.identity?.subscribesUnder
      if (prefixes === null) return true
      return prefixes !== undefined && under(filter, prefixes)
    },
  }
}
