import { formatSchemaErrors } from '../schema-errors.js'
import { accountProblems, crossFieldProblems } from './cross-field.js'
import { defaults, demoStation } from './defaults.js'
import { ConfigError } from './errors.js'
import { lockerProblems } from './lockers-check.js'
import { readSettingsFile } from './read-file.js'
import { type Config, ConfigSchema } from './schema.js'
import { UPLINK_DEFAULTS } from './schema-uplink.js'
import { migrateConfig } from './version.js'

export { ConfigError, ConfigVersionError } from './errors.js'

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
 * to the demo). A file of an older config version is brought forward in memory (server/config/version.ts),
 * each change told to `onNote`; one of a newer version is refused (ConfigVersionError).
 */
export async function loadConfig(
  path?: string,
  opts: { demo?: boolean; now?: number; onNote?: (note: string) => void } = {},
): Promise<Config> {
  const now = opts.now ?? Date.now()
  if (!path) return resolveConfig(demoStation(now), '(built-in demo)')
  let raw = await readSettingsFile(path)
  if (raw === null || raw === undefined) raw = {}
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(path, ['(top level): expected an object of settings'])
  }
  const migrated = migrateConfig(raw as Record<string, unknown>, path)
  for (const note of migrated.notes) opts.onNote?.(note)
  return resolveConfig(opts.demo ? overDemo(migrated.raw, now) : migrated.raw, path)
}

/**
 * Merges defaults under the given settings, validates the whole, and reports every problem at once: the
 * shape (server/schema-errors.ts), what the schema cannot say, and the accounts under `users:`. All of it
 * before anything is opened, so a bad file touches no data folder.
 */
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
  // An optional section gets its defaults only when it is there.
  if (isPlainObject((merged as Record<string, unknown>).uplink))
    (merged as Record<string, unknown>).uplink = {
      ...UPLINK_DEFAULTS,
      ...(merged as { uplink: object }).uplink,
    }
  const problems = formatSchemaErrors(ConfigSchema, merged, {
    root: '(top level)',
    value: { of: merged },
    unknownKey: 'unknown key (check its spelling against docs/configuration.md)',
  })
  problems.push(...crossFieldProblems(merged))
  // An account the schema already named is not named twice.
  const named = new Set(problems.map((p) => p.slice(0, p.indexOf(': '))))
  const users = (merged as { users?: unknown }).users
  problems.push(...accountProblems(users).filter((p) => !named.has(p.slice(0, p.indexOf(': ')))))
  // The lockers' own rules (buses, boards, locks), on a section of the right shape.
  if (!problems.some((p) => p.startsWith('lockers')))
    problems.push(...lockerProblems((merged as Config).lockers))
  if (problems.length > 0) throw new ConfigError(source, problems)
  return merged as Config
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v
  return out
}
