import { readFile } from 'node:fs/promises'
import { Value } from 'typebox/value'
import { parse as parseYaml } from 'yaml'
import { isTimeZone } from '../time/station-time.js'
import { defaults, demoStation } from './defaults.js'
import { lockerProblems } from './lockers-check.js'
import { type Config, ConfigSchema } from './schema.js'
import { formatSchemaErrors } from './schema-errors.js'

/** A configuration that cannot be used. `problems` lists every one at once, each naming its key. */
export class ConfigError extends Error {
  readonly code = 'HUB_ERR_CONFIG'
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export const CONFIG_ENV = 'REDSTATION_CONFIG'

/** Where the config comes from: `--config <path>`, else $REDSTATION_CONFIG, else none (the demo station). */
export function configPathFrom(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  const i = argv.indexOf('--config')
  if (i >= 0) return argv[i + 1]
  const eq = argv.find((a) => a.startsWith('--config='))
  if (eq) return eq.slice('--config='.length)
  return env[CONFIG_ENV] || undefined
}

/**
 * The station config from `path`, or the demo station without one. With `demo`, a file's settings are laid
 * over the demo station instead of replacing it (e.g. `npm start -- --config webhook.yaml` adds a webhook
 * to the demo).
 */
export async function loadConfig(
  path?: string,
  opts: { demo?: boolean; now?: number } = {},
): Promise<Config> {
  const now = opts.now ?? Date.now()
  if (!path) return resolveConfig(demoStation(now), '(built-in demo)')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new ConfigError(path, [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? err}`])
  }
  let raw: unknown
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new ConfigError(path, [
      `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    ])
  }
  if (raw === null || raw === undefined) raw = {}
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(path, ['(top level): expected an object of settings'])
  }
  return resolveConfig(opts.demo ? overDemo(raw as Record<string, unknown>, now) : raw, path)
}

/** Merges defaults under the given settings, validates the whole, and reports every problem at once. */
export function resolveConfig(raw: unknown, source: string, overrides: unknown = {}): Config {
  const base = {
    ...structuredClone(defaults),
    devices: [],
    screenings: [],
    notices: [],
    users: [],
    stock: [],
  }
  const merged = deepMerge(deepMerge(base, raw), overrides)
  const problems = formatSchemaErrors(ConfigSchema, merged)
  problems.push(...crossFieldProblems(merged as Config, problems.length === 0))
  if (problems.length > 0) throw new ConfigError(source, problems)
  return merged as Config
}

function crossFieldProblems(config: Config, shapeOk: boolean): string[] {
  if (!shapeOk) return []
  const out: string[] = []
  const seen = new Map<string, number>()
  const zigbee = new Map<string, number>()
  config.devices.forEach((d, i) => {
    const first = seen.get(d.id)
    if (first !== undefined) out.push(`devices[${i}].id: "${d.id}" is already used by devices[${first}]`)
    else seen.set(d.id, i)
    if (d.zigbee) {
      const z = zigbee.get(d.zigbee)
      if (z !== undefined) out.push(`devices[${i}].zigbee: "${d.zigbee}" is already used by devices[${z}]`)
      else zigbee.set(d.zigbee, i)
    }
    if (d.calibration !== undefined && d.kind !== 'temperature')
      out.push(`devices[${i}].calibration: only temperature devices take a calibration`)
    if (d.unitWeight !== undefined && d.kind !== 'stock')
      out.push(`devices[${i}].unitWeight: only stock devices take a unitWeight`)
  })
  unique(config.screenings, 'screenings', out)
  unique(config.notices, 'notices', out)
  config.screenings.forEach((e, i) => {
    if (Date.parse(e.end) <= Date.parse(e.start))
      out.push(`screenings[${i}].end: expected after screenings[${i}].start`)
  })
  config.devices.forEach((d, i) => {
    if (d.profile !== undefined && d.kind !== 'temperature')
      out.push(`devices[${i}].profile: only temperature devices take a profile`)
  })
  unique(config.kiosk.platforms, 'kiosk.platforms', out)
  unique(config.notify.webhooks, 'notify.webhooks', out)
  unique(config.stock, 'stock', out)
  config.stock.forEach((item, i) => {
    const d = item.compartment ? config.devices.find((x) => x.id === item.compartment) : null
    if (item.compartment && d?.kind !== 'stock')
      out.push(`stock[${i}].compartment: expected the id of a stock device, got "${item.compartment}"`)
  })
  config.notify.escalateTo.forEach((id, i) => {
    if (!config.notify.webhooks.some((w) => w.id === id))
      out.push(`notify.escalateTo[${i}]: no webhook with id "${id}" in notify.webhooks`)
  })
  unique(config.kiosk.purposes, 'kiosk.purposes', out)
  if (config.mqtt.reconnectMaxMs < config.mqtt.reconnectMinMs)
    out.push('mqtt.reconnectMaxMs: expected at least mqtt.reconnectMinMs')
  if (config.store.downsampleAfterDays > config.store.historyRetentionDays)
    out.push('store.downsampleAfterDays: expected at most store.historyRetentionDays')
  if (!isTimeZone(config.station.timeZone))
    out.push(
      `station.timeZone: expected an IANA time zone such as Asia/Shanghai, got "${config.station.timeZone}"`,
    )
  out.push(...lockerProblems(config.lockers))
  return out
}

/** A file laid over the demo station: the demo's medicine-box items keep only compartments that still exist. */
function overDemo(raw: Record<string, unknown>, now: number): unknown {
  const demo = demoStation(now)
  const devices = (Array.isArray(raw.devices) ? raw.devices : demo.devices) as { id?: unknown }[]
  const ids = new Set(devices.map((d) => d.id))
  demo.stock = demo.stock.map((item) =>
    item.compartment && !ids.has(item.compartment) ? { ...item, compartment: undefined } : item,
  )
  return deepMerge(demo, raw)
}

function unique(items: { id: string }[], path: string, out: string[]): void {
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    const first = seen.get(item.id)
    if (first !== undefined) out.push(`${path}[${i}].id: "${item.id}" is already used by ${path}[${first}]`)
    else seen.set(item.id, i)
  })
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v
  return out
}

export { Value }
