import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

export const USAGE = `usage: npm run central -- [options]              the central service (demo district by default)
       npm run central -- station add <id> --name <name> [--street <s>] [--community <c>] [--time-zone <tz>]
       npm run central -- station list | revoke <id> | password <id>
       npm run central -- service-login                   new broker login of the central service
       npm run central -- mosquitto-passwd <file>         write Mosquitto's password_file from the registry
options:
  --data-dir <dir>      staff accounts and the embedded database (default ./data-central)
  --db <url>            postgres://… a PostgreSQL server (also $CENTRAL_DB); default: PGlite in <data-dir>/db
  --mqtt <url>          an external broker, mqtt:// or mqtts:// (also $CENTRAL_MQTT); default: embedded
  --mqtt-port <n>       the embedded broker's port (default 1884; a station's own is 1883)
  --mqtt-host <addr>    the embedded broker's address (default 0.0.0.0)
  --mqtt-username <u>   login on an external broker (default central_service)
  --mqtt-password-file <file>  its password (also $CENTRAL_MQTT_PASSWORD)
  --mqtt-ca <file>      CA certificate of an mqtts:// broker
  --group <name>        shared-subscription group of the instances (default central)
  --port <n>            HTTP port (default 8090)   --host <addr>  HTTP address (default 0.0.0.0)
  --config <file>       the district's settings, YAML or JSON (docs/district.md): name, escalation, metrics, reports
  --demo / --no-demo    simulated stations and the demo login (default: on when neither --db nor --mqtt)`

export interface LaunchOptions {
  command: string[]
  dataDir: string
  dbUrl: string | null
  mqttUrl: string | null
  mqttPort: number
  mqttHost: string
  mqttUsername: string | undefined
  mqttPassword: string | undefined
  mqttCa: string | null
  group: string
  port: number
  host: string
  demo: boolean
  /** The district settings file (server/central/settings.ts); null: the defaults. */
  configFile: string | null
  name?: string
  street?: string
  community?: string
  timeZone?: string
}

export class UsageError extends Error {}

const num = (v: string | undefined, name: string, dflt: number) => {
  if (v === undefined) return dflt
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${name}: expected a port number`)
  return n
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): LaunchOptions {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        db: { type: 'string' },
        mqtt: { type: 'string' },
        'mqtt-port': { type: 'string' },
        'mqtt-host': { type: 'string' },
        'mqtt-username': { type: 'string' },
        'mqtt-password-file': { type: 'string' },
        'mqtt-ca': { type: 'string' },
        group: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean' },
        config: { type: 'string' },
        'no-demo': { type: 'boolean' },
        name: { type: 'string' },
        street: { type: 'string' },
        community: { type: 'string' },
        'time-zone': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const v = parsed.values as Record<string, string | boolean | undefined>
  if (v.help) throw new UsageError('')
  const s = (k: string) => v[k] as string | undefined
  const dbUrl = s('db') ?? env.CENTRAL_DB ?? null
  const mqttUrl = s('mqtt') ?? env.CENTRAL_MQTT ?? null
  if (dbUrl && !/^postgres(ql)?:\/\//.test(dbUrl)) throw new UsageError('--db: expected a postgres:// URL')
  if (mqttUrl && !/^mqtts?:\/\//.test(mqttUrl))
    throw new UsageError('--mqtt: expected an mqtt:// or mqtts:// URL')
  const pwFile = s('mqtt-password-file')
  return {
    command: parsed.positionals,
    dataDir: resolve(s('data-dir') ?? env.CENTRAL_DATA_DIR ?? 'data-central'),
    dbUrl,
    mqttUrl,
    mqttPort: num(s('mqtt-port'), '--mqtt-port', 1884),
    mqttHost: s('mqtt-host') ?? '0.0.0.0',
    mqttUsername: s('mqtt-username'),
    mqttPassword: pwFile ? readFileSync(pwFile, 'utf8').trim() : env.CENTRAL_MQTT_PASSWORD,
    mqttCa: s('mqtt-ca') ?? null,
    group: s('group') ?? 'central',
    port: num(s('port'), '--port', 8090),
    host: s('host') ?? '0.0.0.0',
    demo: v['no-demo'] ? false : v.demo ? true : !dbUrl && !mqttUrl,
    configFile: s('config') ? resolve(s('config') as string) : null,
    name: s('name'),
    street: s('street'),
    community: s('community'),
    timeZone: s('time-zone'),
  }
}
