/**
 * A simulated station as its uplink sees it: a journal of entries (most of them events that go up, some
 * private ones that stay), its devices, alerts and stock, and its own figures per day, so a test can compare
 * what the district stored with what the station itself counted.
 *
 * It imports the protocol from server/uplink/protocol.ts (pure, TypeBox only): the one exception to
 * "devices/ never imports server/", because a station simulator must speak exactly the station's protocol.
 */
import {
  type AlertData,
  type Birth,
  type Command,
  type DeviceStateData,
  type EventType,
  type Figures,
  type Outgoing,
  type StockLevelData,
  stationDay,
  UPLINK_VERSION,
} from '../../server/uplink/protocol.js'

export interface SimStationOptions {
  id: string
  name: string
  timeZone?: string
  /** Seed of the random choices: the same seed makes the same station. */
  seed?: number
  now?: () => number
}

const PLATFORMS = ['meituan', 'eleme', 'sf', 'jd', 'shansong', 'dada', 'other']
const PURPOSES = ['rest', 'meal', 'water', 'charge', 'medicine', 'restroom']
const REASONS = ['unwell', 'injured', 'phone-dead', 'other']

/** mulberry32: small, fast, good enough for a simulation. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const emptyFigures = (): Figures => ({
  checkins: { total: 0, returning: 0, byPlatform: {}, byPurpose: {} },
  screenings: { signups: 0, cancellations: 0, promoted: 0 },
  help: { total: 0, byReason: {} },
})

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1
}

export class SimStation {
  readonly id: string
  readonly name: string
  readonly timeZone: string
  readonly random: () => number
  readonly now: () => number
  /** Entries not yet acknowledged by the district, oldest first (acknowledged ones are dropped). */
  readonly journal: Outgoing[] = []
  head = 0
  readonly devices = new Map<string, DeviceStateData>()
  readonly alerts = new Map<string, AlertData>()
  readonly stock = new Map<string, StockLevelData>()
  /** The station's own figures, by station-time day. */
  readonly days = new Map<string, Figures>()
  /** Command ids applied, with their result: a command that comes again is answered, not applied again. */
  readonly applied = new Map<string, { ok: boolean; problem: string | null }>()
  /** What the district published here: notices and screenings (job fairs) by id, as its kiosk would show them. */
  readonly notices = new Map<string, Record<string, unknown>>()
  readonly screenings = new Map<string, Record<string, unknown>>()
  /** Restocks per station-time day (the station's own count). */
  readonly restocks = new Map<string, number>()
  #temperature = 4

  constructor(o: SimStationOptions) {
    this.id = o.id
    this.name = o.name
    this.timeZone = o.timeZone ?? 'Asia/Shanghai'
    this.random = rng(o.seed ?? 1)
    this.now = o.now ?? Date.now
    const at = new Date(this.now()).toISOString()
    const device = (deviceId: string, kind: string, name: string, reading: DeviceStateData['reading']) =>
      this.devices.set(deviceId, { deviceId, kind, name, online: true, lastSeen: at, reading, battery: 90 })
    device('fridge-temp', 'temperature', '冰箱温度', { temperature: this.#temperature })
    device('fridge-door', 'door', '冰箱门', { contact: true })
    device('medbox-ibuprofen', 'stock', '药箱·布洛芬', { count: 12 })
    this.stock.set('ibuprofen', {
      itemId: 'ibuprofen',
      name: '布洛芬',
      unit: '盒',
      count: 12,
      min: 3,
      target: 20,
      needsRestock: false,
      nextExpiry: '2027-06-30',
    })
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T
  }

  /** Appends a journal entry that goes up as `type`; returns its seq. */
  emit(type: EventType, data: object, v = 1): number {
    const seq = ++this.head
    this.journal.push({
      seq,
      event: { seq, at: new Date(this.now()).toISOString(), type, v, data: data as Record<string, unknown> },
    })
    return seq
  }

  /** Appends an entry that stays at the station (filtered out of the uplink as private). */
  privateEntry(): number {
    const seq = ++this.head
    this.journal.push({ seq, event: null })
    return seq
  }

  figures(day: string): Figures {
    let f = this.days.get(day)
    if (!f) {
      f = emptyFigures()
      this.days.set(day, f)
    }
    return f
  }

  today(): string {
    return stationDay(this.now(), this.timeZone)
  }

  checkin(o: { platform?: string; purposes?: string[]; returning?: boolean } = {}): number {
    const day = this.today()
    const platform = o.platform ?? this.pick(PLATFORMS)
    const purposes = o.purposes ?? [this.pick(PURPOSES)]
    const returning = o.returning ?? this.random() < 0.6
    const f = this.figures(day).checkins
    f.total++
    if (returning) f.returning++
    bump(f.byPlatform, platform)
    for (const p of new Set(purposes)) bump(f.byPurpose, p)
    // The real station journals the visit with a phone hash; that entry never goes up as it is.
    return this.emit('checkin', { day, platform, purposes, returning })
  }

  help(reason = this.pick(REASONS)): number {
    const day = this.today()
    const f = this.figures(day).help
    f.total++
    bump(f.byReason, reason)
    return this.emit('help', { day, reason })
  }

  signup(
    screeningId = 'bp-check',
    title = '免费血压检测',
    status: 'confirmed' | 'waiting' = 'confirmed',
  ): number {
    this.figures(this.today()).screenings.signups++
    return this.emit('screening.signup', { screeningId, title, day: this.today(), status })
  }

  cancel(screeningId = 'bp-check', title = '免费血压检测'): number {
    this.figures(this.today()).screenings.cancellations++
    return this.emit('screening.cancel', { screeningId, title, day: this.today(), status: 'confirmed' })
  }

  /** A new fridge temperature; a rise past 8 °C raises an alert, a fall below 7 clears it. */
  temperature(value: number): number {
    this.#temperature = value
    const at = new Date(this.now()).toISOString()
    const d = this.devices.get('fridge-temp') as DeviceStateData
    const state = { ...d, lastSeen: at, reading: { temperature: value } }
    this.devices.set(d.deviceId, state)
    const seq = this.emit('device.state', state)
    const open = this.alerts.get('fridge-warm')
    if (value > 8 && !open) {
      const alert: AlertData = {
        alertId: `fridge-warm-${seq}`,
        type: 'temperature-high',
        severity: 'major',
        state: 'active',
        subject: 'fridge-temp',
        subjectName: '冰箱温度',
        since: at,
        raisedAt: at,
        count: 1,
        value,
        peak: value,
        ackAt: null,
        ackFrom: null,
        clearedAt: null,
        clearedAuto: null,
      }
      this.alerts.set('fridge-warm', alert)
      this.emit('alert.raised', alert)
    } else if (value < 7 && open) {
      this.alerts.delete('fridge-warm')
      this.emit('alert.cleared', { ...open, state: 'cleared', clearedAt: at, clearedAuto: true, value })
    }
    return seq
  }

  /** Raises an alert (a door left open, a sensor gone silent…); returns it. */
  raise(o: Partial<AlertData> & { type: string; severity: AlertData['severity'] }): AlertData {
    const at = new Date(this.now()).toISOString()
    const alert: AlertData = {
      alertId: o.alertId ?? `${o.type}-${this.head + 1}`,
      subject: 'fridge-door',
      subjectName: '冰箱门',
      since: at,
      raisedAt: at,
      count: 1,
      value: null,
      peak: null,
      ackAt: null,
      ackFrom: null,
      clearedAt: null,
      clearedAuto: null,
      ...o,
      state: 'active',
    }
    this.alerts.set(alert.alertId, alert)
    this.emit('alert.raised', alert)
    return alert
  }

  /** Acknowledges an open alert as the station's own console does. */
  acknowledge(alertId: string, from: 'station' | 'district' = 'station'): AlertData | null {
    const a = [...this.alerts.values()].find((x) => x.alertId === alertId)
    if (!a) return null
    if (a.state === 'active') {
      const acked: AlertData = {
        ...a,
        state: 'acknowledged',
        ackAt: new Date(this.now()).toISOString(),
        ackFrom: from,
      }
      for (const [k, v] of this.alerts) if (v === a) this.alerts.set(k, acked)
      this.emit('alert.acknowledged', acked)
      return acked
    }
    return a
  }

  /** A batch put in the medicine box. */
  restock(itemId = 'ibuprofen', quantity = 10): number {
    const item = this.stock.get(itemId) as StockLevelData
    const day = this.today()
    this.restocks.set(day, (this.restocks.get(day) ?? 0) + 1)
    this.emit('stock.restocked', { itemId, name: item.name, day, quantity })
    const count = item.count + quantity
    const next = { ...item, count, needsRestock: count <= item.min }
    this.stock.set(itemId, next)
    return this.emit('stock.level', next)
  }

  /** Medicine taken out: at or below the minimum, the item needs restocking. */
  takeOut(itemId = 'ibuprofen', quantity = 1): number {
    const item = this.stock.get(itemId) as StockLevelData
    const count = Math.max(0, item.count - quantity)
    const next = { ...item, count, needsRestock: count <= item.min }
    this.stock.set(itemId, next)
    return this.emit('stock.level', next)
  }

  /**
   * A command from the district (docs/uplink.md, "down/commands"), applied once by id: the result is
   * journaled as `command.result`, and a command seen before is answered with the same result again.
   */
  applyCommand(c: Command): { ok: boolean; problem: string | null } {
    const known = this.applied.get(c.id)
    const result = known ?? this.#apply(c)
    this.applied.set(c.id, result)
    this.emit('command.result', { commandId: c.id, ...result })
    return result
  }

  /** A command this station cannot read (an unknown type): refused, so the district stops sending it. */
  refuseCommand(id: string, why: string): void {
    const result = this.applied.get(id) ?? { ok: false, problem: `unknown-type: ${why}`.slice(0, 500) }
    this.applied.set(id, result)
    this.emit('command.result', { commandId: id, ...result })
  }

  #apply(c: Command): { ok: boolean; problem: string | null } {
    const d = c.data as Record<string, unknown>
    switch (c.type) {
      case 'alert.acknowledge': {
        const a = [...this.alerts.values()].find((x) => x.alertId === d.alertId)
        if (!a) return { ok: false, problem: `not-found: no alert ${String(d.alertId)} here` }
        this.acknowledge(a.alertId, 'district')
        return { ok: true, problem: null }
      }
      case 'notice.publish':
        this.notices.set(String(d.noticeId), d)
        return { ok: true, problem: null }
      case 'screening.publish':
        this.screenings.set(String(d.screeningId), d)
        return { ok: true, problem: null }
      default:
        return { ok: false, problem: `unknown-type: ${String(c.type)}` }
    }
  }

  /** One random thing of a station's day, weighted as a station sees them. */
  step(): number {
    const r = this.random()
    if (r < 0.55) return this.checkin()
    if (r < 0.75) return this.temperature(Math.round((3 + this.random() * 6.5) * 10) / 10)
    if (r < 0.82) return this.privateEntry()
    if (r < 0.9) return this.signup()
    if (r < 0.94) return this.cancel()
    return this.help()
  }

  /** Drops entries the district has acknowledged. */
  acknowledged(through: number): void {
    let n = 0
    while (n < this.journal.length && (this.journal[n] as Outgoing).seq <= through) n++
    if (n > 0) this.journal.splice(0, n)
  }

  birth(session: string, acked: number): Birth {
    const day = this.today()
    return {
      v: UPLINK_VERSION,
      session,
      seq: this.head,
      acked,
      at: new Date(this.now()).toISOString(),
      station: { name: this.name, timeZone: this.timeZone, software: 'station-uplink-sim' },
      devices: [...this.devices.values()],
      alerts: [...this.alerts.values()],
      stock: [...this.stock.values()],
      today: { day, ...structuredClone(this.figures(day)) },
    }
  }
}
