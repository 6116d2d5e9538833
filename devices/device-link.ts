import mqtt, { type MqttClient } from 'mqtt'
import { HoldOff } from './hold-off.js'
import { availabilityTopic, OFFLINE, ONLINE, readingTopic } from './native-topics.js'

/**
 * One simulated device's own MQTT connection. A connection per device is what lets the broker publish
 * each device's last will on its own, exactly as with real sensors; it is kept cheap (no store, no queue).
 */
export interface DeviceLink {
  readonly id: string
  /**
   * Publishes a reading at QoS 1; dropped while disconnected, since a real sensor does not queue either,
   * and while someone else's reading holds the device (see LinkOptions.holdOffMs).
   */
  publish(payload: string): void
  /** Runs on every (re)connect, after `online` is published, so the current state goes out at once. */
  onOnline(fn: () => void): void
  /** Resolves when the device has come online the first time. */
  readonly firstOnline: Promise<void>
  /** Publishes `offline` (if connected) and closes the connection; never hangs on a dead broker. */
  close(): Promise<void>
}

export interface LinkOptions {
  url: string
  stationId: string
  id: string
  kind: string
  username?: string
  password?: string
  log: (msg: string) => void
  /**
   * A reading on the device's topic, or an `offline` on its availability topic, that this simulator did not
   * publish (someone testing by hand with mosquitto_pub, a real sensor) holds the device: the simulator
   * publishes nothing for it for this long, so the hand message stands (hold-off.ts). 0: never hold.
   * Default 10 minutes.
   */
  holdOffMs?: number
}

const CLOSE_TIMEOUT_MS = 2000
export const HOLD_OFF_MS = 10 * 60_000

export function connectDevice(opts: LinkOptions): DeviceLink {
  const { id, log } = opts
  const topic = readingTopic(opts.stationId, id)
  const availability = availabilityTopic(opts.stationId, id)
  const handlers: Array<() => void> = []
  let connectedBefore = false
  let lastError = ''
  let markOnline: () => void = () => {}
  const firstOnline = new Promise<void>((resolve) => {
    markOnline = resolve
  })

  const client: MqttClient = mqtt.connect(opts.url, {
    clientId: `sim-${opts.stationId}-${id}`,
    username: opts.username,
    password: opts.password,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
    // Nothing is queued while offline: readings are dropped, and the current state is resent on reconnect.
    queueQoSZero: false,
    will: { topic: availability, payload: Buffer.from(OFFLINE), qos: 1, retain: true },
  })

  const holdOffMs = opts.holdOffMs ?? HOLD_OFF_MS
  const publish = (t: string, payload: string) => {
    hold.sent(t, payload)
    client.publish(t, payload, { qos: 1, retain: t === availability }, () => {})
  }
  const hold = new HoldOff({
    id,
    holdOffMs,
    log,
    republish: publish,
    resume: () => {
      if (!client.connected) return
      publish(availability, ONLINE)
      for (const fn of handlers) fn()
    },
  })
  client.on('message', (t, buf, packet) => {
    if (t === topic || t === availability) hold.heard(t, buf.toString(), packet.retain, t === availability)
  })

  client.on('connect', () => {
    lastError = ''
    // QoS 0: nothing to acknowledge, so a message arriving while the link closes cannot write after its end.
    if (holdOffMs > 0) client.subscribe([topic, availability], { qos: 0 })
    publish(availability, ONLINE)
    log(connectedBefore ? `${id} back online` : `${id} online (${opts.kind})`)
    connectedBefore = true
    markOnline()
    if (!hold.held) for (const fn of handlers) fn()
  })
  client.on('offline', () => {
    if (connectedBefore) log(`${id} lost the broker, reconnecting`)
  })
  client.on('error', (err) => {
    // mqtt.js retries every second; say each distinct problem once instead of once per retry.
    if (err.message !== lastError) log(`${id}: ${err.message}`)
    lastError = err.message
  })

  return {
    id,
    firstOnline,
    publish(payload) {
      if (client.connected && !hold.held) publish(topic, payload)
    },
    onOnline(fn) {
      handlers.push(fn)
    },
    async close() {
      hold.stop()
      hold.sent(availability, OFFLINE)
      if (client.connected) {
        await withTimeout(
          client.publishAsync(availability, OFFLINE, { qos: 1, retain: true }),
          CLOSE_TIMEOUT_MS,
        )
      }
      const ended = await withTimeout(client.endAsync(!client.connected), CLOSE_TIMEOUT_MS)
      if (!ended) client.end(true)
    },
  }
}

/** True if the promise settled in time; a failure counts as settled, since close() must go on regardless. */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}
