import mqtt, { type MqttClient } from 'mqtt'
import { availabilityTopic, OFFLINE, ONLINE, readingTopic } from './native-topics.js'

/**
 * One simulated device's own MQTT connection. A connection per device is what lets the broker publish
 * each device's last will on its own, exactly as with real sensors; it is kept cheap (no store, no queue).
 */
export interface DeviceLink {
  readonly id: string
  /** Publishes a reading at QoS 1; dropped while disconnected, since a real sensor does not queue either. */
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
}

const CLOSE_TIMEOUT_MS = 2000

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

  client.on('connect', () => {
    lastError = ''
    client.publish(availability, ONLINE, { qos: 1, retain: true })
    log(connectedBefore ? `${id} back online` : `${id} online (${opts.kind})`)
    connectedBefore = true
    markOnline()
    for (const fn of handlers) fn()
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
      if (client.connected) client.publish(topic, payload, { qos: 1 }, () => {})
    },
    onOnline(fn) {
      handlers.push(fn)
    },
    async close() {
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
