import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { deviceListProblems, type SimDevice } from './families.js'

/** The hub's demo station (server/config/defaults.ts), copied because devices/ never imports server/. */
export const DEMO_DEVICES: SimDevice[] = [
  { id: 'fridge-temp', kind: 'temperature' },
  { id: 'fridge-door', kind: 'door' },
  { id: 'locker-01-door', kind: 'door' },
  { id: 'locker-02-door', kind: 'door' },
  { id: 'medbox-ibuprofen', kind: 'stock' },
  { id: 'medbox-bandage', kind: 'stock', unitWeight: 2.5 },
  { id: 'medbox-cold', kind: 'stock' },
]

export const USAGE = `usage: npx tsx devices/simulate.ts --url mqtt://host:port [options]

Simulates a station's sensors on the native MQTT topics redstation/<station>/devices/<id>.

  --url <url>         broker to connect to (mqtt://, mqtts://, ws://, wss://)   required
  --station <id>      station id (default: station.id from --config, else demo)
  --interval <ms>     ms between temperature readings (default 5000)
  --speed <x>         time acceleration for door, stock and fridge events (default 1)
  --config <file>     station file (.yaml/.yml or .json); its station.id and devices[] are simulated.
                      Without it, the demo station's seven devices are.
  -h, --help          show this help`

/** Bad input on the command line or in the station file; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export interface CliOptions {
  url: string
  stationId: string
  intervalMs: number
  speed: number
  devices: SimDevice[]
  help: boolean
}

export async function parseCli(argv: string[]): Promise<CliOptions> {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const help = values.help === true
  if (help) return { url: '', stationId: '', intervalMs: 0, speed: 0, devices: [], help }
  const url = values.url
  if (!url) throw new UsageError('--url is required')
  if (!/^(mqtts?|wss?|tcp|ssl):\/\/[^/]+/.test(url)) throw new UsageError(`--url: not a broker URL: ${url}`)
  const intervalMs = positive('--interval', values.interval ?? '5000')
  const speed = positive('--speed', values.speed ?? '1')
  const station = values.config
    ? await readStationFile(values.config)
    : { id: undefined, devices: DEMO_DEVICES }
  const stationId = values.station ?? station.id ?? 'demo'
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(stationId))
    throw new UsageError(`--station: not a station id: ${stationId}`)
  return { url, stationId, intervalMs, speed, devices: station.devices, help }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      station: { type: 'string' },
      interval: { type: 'string' },
      speed: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

function positive(flag: string, text: string): number {
  const n = Number(text)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: expected a number above 0, got "${text}"`)
  return n
}

/** Reads only what a simulator needs from a hub station file; the hub validates the rest itself. */
export async function readStationFile(path: string): Promise<{ id?: string; devices: SimDevice[] }> {
  let raw: unknown
  try {
    const text = await readFile(path, 'utf8')
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new UsageError(`--config ${path}: ${(err as Error).message}`)
  }
  const file = (raw ?? {}) as { station?: { id?: unknown }; devices?: unknown }
  if (typeof file !== 'object' || Array.isArray(file))
    throw new UsageError(`--config ${path}: expected an object`)
  const id = file.station?.id
  if (id !== undefined && typeof id !== 'string')
    throw new UsageError(`--config ${path}: station.id: expected text`)
  if (!Array.isArray(file.devices) || file.devices.length === 0)
    throw new UsageError(`--config ${path}: devices: expected a list of at least one device`)
  const devices = file.devices.map((d: Record<string, unknown>): SimDevice => {
    const mqtt = (d?.mqtt ?? {}) as { username?: string; password?: string }
    return {
      id: d?.id as string,
      kind: d?.kind as SimDevice['kind'],
      ...(d?.unitWeight !== undefined && { unitWeight: d.unitWeight as number }),
      ...(mqtt.username !== undefined && { username: mqtt.username, password: mqtt.password }),
    }
  })
  const problems = deviceListProblems(devices)
  if (problems.length > 0) throw new UsageError(`--config ${path}:\n  - ${problems.join('\n  - ')}`)
  return { id, devices }
}
