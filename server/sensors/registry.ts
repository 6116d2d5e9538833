import type { EventBus } from '../bus/bus.js'
import type { Clock } from '../clock.js'
import type { Config, DeviceConfig } from '../config/schema.js'
import { isId } from '../config/schema-id.js'
import { decodeAvailability, decodeReading, guessKind } from './decode.js'
import { LogLimiter } from './log-limiter.js'
import { parseTopic } from './topics.js'
import type { DeviceState, Reading, UnregisteredDevice } from './types.js'
import { UnregisteredDevices } from './unregistered.js'

/** Food fridges: at or below 5 °C; medicine: 2–8 °C (the cold-chain range for vaccines and medicines). */
export function okRange(profile: DeviceConfig['profile']): { min: number | null; max: number | null } {
  return profile === 'medicine' ? { min: 2, max: 8 } : { min: null, max: 5 }
}

interface Tracked {
  config: DeviceConfig
  state: DeviceState
  /** What the availability topic last said; null until it speaks. */
  available: boolean | null
  lastSeenMs: number | null
  timeoutMs: number
}

export interface SavedDevice {
  reading: Reading | null
  lastSeen: string | null
  battery: number | null
  batteryLow: boolean
}

export interface RegistryStats {
  accepted: number
  rejected: number
  /**
   * Messages on topics that name no device: an unknown zigbee2mqtt friendly_name, or a native id that no
   * station file could hold (not 1–64 letters, digits, _ and -).
   */
  ignored: number
  unregisteredDropped: number
}

/**
 * Device state: the single owner of what each sensor last said. Every MQTT message comes in through
 * `handle`; every change goes out on the bus. Bad input is counted and never touches state.
 */
export class DeviceRegistry {
  readonly #byId = new Map<string, Tracked>()
  readonly #byZigbee = new Map<string, Tracked>()
  readonly #unregistered: UnregisteredDevices
  readonly #limiter: LogLimiter
  readonly stats: RegistryStats = { accepted: 0, rejected: 0, ignored: 0, unregisteredDropped: 0 }
  #timer: unknown = null

  constructor(
    private readonly config: Config,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly warn: (msg: string) => void,
  ) {
    this.#unregistered = new UnregisteredDevices(config.sensors.maxUnregistered)
    this.#limiter = new LogLimiter(() => clock.now())
    for (const d of config.devices) {
      const t: Tracked = {
        config: d,
        available: null,
        lastSeenMs: null,
        timeoutMs: (d.offlineAfterSec ?? config.sensors.offlineAfterSec[d.kind]) * 1000,
        state: {
          id: d.id,
          kind: d.kind,
          name: d.name,
          ...(d.en ? { en: { name: d.en.name } } : {}),
          online: false,
          lastSeen: null,
          reading: null,
          ...(d.kind === 'temperature' ? { okRange: okRange(d.profile) } : {}),
          battery: null,
          batteryLow: false,
          rejected: 0,
          lastError: null,
        },
      }
      this.#byId.set(d.id, t)
      if (d.zigbee) this.#byZigbee.set(d.zigbee, t)
    }
  }

  /** Checks for silent devices once a second; a device past its timeout goes offline. */
  start(): void {
    this.#timer = this.clock.setInterval(() => this.#sweep(), 1000)
  }

  stop(): void {
    if (this.#timer) this.clock.clearInterval(this.#timer)
    this.#timer = null
  }

  /** Last known readings from before a restart. The devices stay offline until they speak again. */
  restore(saved: Record<string, SavedDevice>): void {
    for (const [id, s] of Object.entries(saved)) {
      const t = this.#byId.get(id)
      if (!t) continue
      Object.assign(t.state, {
        reading: s.reading,
        lastSeen: s.lastSeen,
        battery: s.battery,
        batteryLow: s.batteryLow,
      })
    }
  }

  saved(): Record<string, SavedDevice> {
    const out: Record<string, SavedDevice> = {}
    for (const { state: s } of this.#byId.values())
      out[s.id] = { reading: s.reading, lastSeen: s.lastSeen, battery: s.battery, batteryLow: s.batteryLow }
    return out
  }

  devices(): DeviceState[] {
    return [...this.#byId.values()].map((t) => t.state)
  }

  device(id: string): DeviceState | undefined {
    return this.#byId.get(id)?.state
  }

  unregistered(): UnregisteredDevice[] {
    return this.#unregistered.list()
  }

  handle(topic: string, payload: Buffer): void {
    const ref = parseTopic(topic, this.config.station.id, this.config.mqtt.zigbee2mqttPrefix)
    if (!ref) return
    const t = ref.source === 'native' ? this.#byId.get(ref.key) : this.#byZigbee.get(ref.key)
    if (!t) {
      // An id no station file could give a device (over 64 characters, or other than letters, digits, _ and
      // -) is never remembered: 100 of them of 60 KB each once made /api/state 6 MB.
      if (ref.source === 'native' && isId(ref.key)) this.#unknownNative(ref.key, topic, payload)
      else this.#ignore(ref.source === 'native' ? 'a device id that no station file could hold' : null)
      return
    }
    if (ref.availability) this.#availability(t, topic, payload)
    else this.#reading(t, topic, payload)
  }

  #reading(t: Tracked, topic: string, payload: Buffer): void {
    const decoded = decodeReading(t.config, payload, this.config.sensors.maxPayloadBytes)
    if (!decoded.ok) {
      this.#reject(t, topic, decoded.reason)
      return
    }
    this.stats.accepted++
    const now = this.clock.now()
    const at = new Date(now).toISOString()
    const v = decoded.value
    const s = t.state
    let reading: Reading | null = null
    if (v.temperature !== undefined) reading = { at, temperature: v.temperature }
    else if (v.contact !== undefined) reading = { at, contact: v.contact }
    else if (v.count !== undefined)
      reading = v.weight === undefined ? { at, count: v.count } : { at, count: v.count, weight: v.weight }
    if (reading) s.reading = reading
    if (v.battery !== undefined) {
      s.battery = v.battery
      if (v.batteryLow === undefined) s.batteryLow = v.battery < 20
    }
    if (v.batteryLow !== undefined) s.batteryLow = v.batteryLow
    s.lastSeen = at
    t.lastSeenMs = now
    // A device that speaks is alive, whatever its availability topic said last.
    if (t.available === false) t.available = true
    this.#setOnline(t, 'message')
    if (reading) this.bus.emit('device.reading', { device: s, reading })
    this.bus.emit('device.changed', s)
  }

  #availability(t: Tracked, topic: string, payload: Buffer): void {
    const decoded = decodeAvailability(payload)
    if (!decoded.ok) {
      this.#reject(t, topic, decoded.reason)
      return
    }
    this.stats.accepted++
    t.available = decoded.value
    if (decoded.value) {
      t.lastSeenMs = this.clock.now()
      t.state.lastSeen = new Date(t.lastSeenMs).toISOString()
    }
    this.#setOnline(t, 'availability')
    this.bus.emit('device.changed', t.state)
  }

  #reject(t: Tracked, topic: string, reason: string): void {
    this.stats.rejected++
    t.state.rejected++
    t.state.lastError = reason
    const line = this.#limiter.allow(
      `${t.config.id}:${reason.split(' ')[0]}`,
      `device ${t.config.id}: rejected message on ${topic}: ${reason}`,
    )
    if (line) this.warn(line)
    this.bus.emit('device.rejected', { deviceId: t.config.id, topic, reason })
    this.bus.emit('device.changed', t.state)
  }

  #ignore(why: string | null): void {
    this.stats.ignored++
    if (!why) return
    const line = this.#limiter.allow(`ignored:${why}`, `ignored a message naming ${why}`)
    if (line) this.warn(line)
  }

  #unknownNative(id: string, topic: string, payload: Buffer): void {
    const small = payload.length <= this.config.sensors.maxPayloadBytes
    const entry = this.#unregistered.seen(
      id,
      new Date(this.clock.now()).toISOString(),
      small ? guessKind(payload) : null,
    )
    this.stats.unregisteredDropped = this.#unregistered.dropped
    if (!entry) {
      const line = this.#limiter.allow(
        'unregistered-cap',
        `unregistered device cap reached; ignoring ${topic}`,
      )
      if (line) this.warn(line)
      return
    }
    if (entry.messages === 1) {
      const line = this.#limiter.allow(
        `unregistered:${id}`,
        `message from unregistered device "${id}" on ${topic}`,
      )
      if (line) this.warn(line)
    }
    this.bus.emit('device.unregistered', entry)
  }

  #isOnline(t: Tracked, now: number): boolean {
    return t.available !== false && t.lastSeenMs !== null && now - t.lastSeenMs <= t.timeoutMs
  }

  #setOnline(t: Tracked, why: 'availability' | 'message' | 'silent'): boolean {
    const now = this.clock.now()
    const online = this.#isOnline(t, now)
    if (online === t.state.online) return false
    t.state.online = online
    this.bus.emit('device.status', { id: t.config.id, online, at: new Date(now).toISOString(), why })
    return true
  }

  #sweep(): void {
    for (const t of this.#byId.values()) {
      if (t.state.online && this.#setOnline(t, 'silent')) this.bus.emit('device.changed', t.state)
    }
  }
}
