import { ConfigError, ConfigVersionError } from './errors.js'

/**
 * The station file's format. 1: the releases before the file had a `version:` key (a file without one is of
 * version 1); 2: this release. A release reads every older version, bringing it forward in memory step by
 * step (the file is never rewritten), and refuses a newer one before the store is opened.
 */
export const CONFIG_VERSION = 2

type Raw = Record<string, unknown>

/** One step: changes a file of version `from` in place to mean the same in version `from + 1`; says what. */
interface Step {
  from: number
  migrate(raw: Raw): string[]
}

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

const STEPS: Step[] = [
  {
    // Version 1 let devices onto the embedded broker without a login unless the file said otherwise;
    // version 2 starts with logins on (issue 9). A version-1 file that relied on it keeps its sensors
    // connected, and is told how to close the broker.
    from: 1,
    migrate(raw) {
      const mqtt = isObj(raw.mqtt) ? raw.mqtt : {}
      const embedded = isObj(mqtt.embedded) ? mqtt.embedded : {}
      if (mqtt.url !== undefined || embedded.allowAnonymous !== undefined) return []
      const open = (Array.isArray(raw.devices) ? raw.devices : [])
        .filter((d) => isObj(d) && d.mqtt === undefined)
        .map((d) => String((d as Raw).id))
      if (open.length === 0) return []
      raw.mqtt = { ...mqtt, embedded: { ...embedded, allowAnonymous: true } }
      const shown =
        open.length > 5 ? `${open.slice(0, 5).join(', ')} and ${open.length - 5} more` : open.join(', ')
      return [
        `mqtt.embedded.allowAnonymous: not set, and devices ${shown} have no login: version 1 let them in without one, so it stays true. Give every device a login (devices[].mqtt; zigbee2mqtt: mqtt.embedded.zigbee2mqtt), then set mqtt.embedded.allowAnonymous: false and version: 2 (docs/security.md)`,
      ]
    },
  },
]

export interface Migrated {
  /** The file's settings as this release reads them, with `version: CONFIG_VERSION`. */
  raw: Raw
  /** The version the file was written in. */
  from: number
  /** What was brought forward, one line each (for the log). */
  notes: string[]
}

/**
 * The file's settings brought forward to CONFIG_VERSION, without changing `raw`. A version that is not a
 * whole number from 1 is a ConfigError; a newer one a ConfigVersionError, naming the file and both versions.
 */
export function migrateConfig(raw: Raw, source: string): Migrated {
  const from = raw.version ?? 1
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1)
    throw new ConfigError(source, [
      `version: expected a whole number from 1 to ${CONFIG_VERSION}, got ${JSON.stringify(from)}`,
    ])
  if (from > CONFIG_VERSION) throw new ConfigVersionError(source, from, CONFIG_VERSION)
  const out = structuredClone(raw)
  const notes: string[] = []
  for (const step of STEPS) if (step.from >= from) notes.push(...step.migrate(out))
  out.version = CONFIG_VERSION
  if (from < CONFIG_VERSION)
    notes.unshift(
      `${source}: config version ${from} brought forward to version ${CONFIG_VERSION} in memory (the file is not changed)`,
    )
  return { raw: out, from, notes }
}
