import { userListProblems } from '../auth/users.js'
import { isTimeZone } from '../time/station-time.js'

/**
 * What the schema cannot say: ids used twice, a setting on the wrong kind of device, a reference to a
 * webhook that does not exist, a minimum above its maximum, accounts the hub could not use. Run on the
 * file as it is, whatever its shape, so these come in the same report as the shape errors: a part that
 * has the wrong shape (reported by the schema) is skipped here, never misread.
 */

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

function unique(items: unknown, path: string, out: string[], key = 'id'): void {
  const seen = new Map<string, number>()
  list(items).forEach((item, i) => {
    const id = isObj(item) ? str(item[key]) : undefined
    if (id === undefined) return
    const first = seen.get(id)
    if (first !== undefined) out.push(`${path}[${i}].${key}: "${id}" is already used by ${path}[${first}]`)
    else seen.set(id, i)
  })
}

function devices(config: Obj, out: string[]): void {
  unique(config.devices, 'devices', out)
  unique(config.devices, 'devices', out, 'zigbee')
  list(config.devices).forEach((d, i) => {
    if (!isObj(d)) return
    if (d.calibration !== undefined && d.kind !== 'temperature')
      out.push(`devices[${i}].calibration: only temperature devices take a calibration`)
    if (d.unitWeight !== undefined && d.kind !== 'stock')
      out.push(`devices[${i}].unitWeight: only stock devices take a unitWeight`)
    if (d.profile !== undefined && d.kind !== 'temperature')
      out.push(`devices[${i}].profile: only temperature devices take a profile`)
  })
}

function references(config: Obj, out: string[]): void {
  const kinds = new Map(
    list(config.devices)
      .filter(isObj)
      .map((d) => [str(d.id), d.kind]),
  )
  list(config.stock).forEach((item, i) => {
    const compartment = isObj(item) ? str(item.compartment) : undefined
    if (compartment !== undefined && kinds.get(compartment) !== 'stock')
      out.push(`stock[${i}].compartment: expected the id of a stock device, got "${compartment}"`)
  })
  const notify = isObj(config.notify) ? config.notify : {}
  const hooks = new Set(
    list(notify.webhooks)
      .filter(isObj)
      .map((w) => str(w.id)),
  )
  list(notify.escalateTo).forEach((id, i) => {
    if (typeof id === 'string' && !hooks.has(id))
      out.push(`notify.escalateTo[${i}]: no webhook with id "${id}" in notify.webhooks`)
  })
}

function ranges(config: Obj, out: string[]): void {
  list(config.screenings).forEach((e, i) => {
    if (!isObj(e)) return
    const start = Date.parse(str(e.start) ?? '')
    const end = Date.parse(str(e.end) ?? '')
    if (end <= start) out.push(`screenings[${i}].end: expected after screenings[${i}].start`)
  })
  const mqtt = isObj(config.mqtt) ? config.mqtt : {}
  const [min, max] = [num(mqtt.reconnectMinMs), num(mqtt.reconnectMaxMs)]
  if (min !== undefined && max !== undefined && max < min)
    out.push('mqtt.reconnectMaxMs: expected at least mqtt.reconnectMinMs')
  const store = isObj(config.store) ? config.store : {}
  const [after, kept] = [num(store.downsampleAfterDays), num(store.historyRetentionDays)]
  if (after !== undefined && kept !== undefined && after > kept)
    out.push('store.downsampleAfterDays: expected at most store.historyRetentionDays')
  const station = isObj(config.station) ? config.station : {}
  const zone = str(station.timeZone)
  if (zone !== undefined && !isTimeZone(zone))
    out.push(`station.timeZone: expected an IANA time zone such as Asia/Shanghai, got "${zone}"`)
}

export function crossFieldProblems(config: unknown): string[] {
  if (!isObj(config)) return []
  const out: string[] = []
  devices(config, out)
  unique(config.screenings, 'screenings', out)
  unique(config.notices, 'notices', out)
  const kiosk = isObj(config.kiosk) ? config.kiosk : {}
  unique(kiosk.platforms, 'kiosk.platforms', out)
  unique(kiosk.purposes, 'kiosk.purposes', out)
  unique(isObj(config.notify) ? config.notify.webhooks : [], 'notify.webhooks', out)
  unique(config.stock, 'stock', out)
  references(config, out)
  ranges(config, out)
  return out
}

/**
 * The accounts of the file, as the hub will read them (names in NFC, a hash it can check). Only entries
 * of the right shape are looked at: the schema names the others.
 */
export function accountProblems(users: unknown): string[] {
  if (!Array.isArray(users)) return []
  return userListProblems(users, 'users')
}
