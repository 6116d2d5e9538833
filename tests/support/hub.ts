import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { type Clock, systemClock } from '../../server/clock.js'
import { resolveConfig } from '../../server/config/load.js'
import type { Config } from '../../server/config/schema.js'
import { buildHub, type Hub } from '../../server/hub.js'

/** A log line of the hub, as pino writes it (level 30 info, 40 warn, 50 error). */
export interface LogLine {
  level: number
  msg: string
  [key: string]: unknown
}

export interface TestHub {
  hub: Hub
  config: Config
  /** http://127.0.0.1:<port> */
  url: string
  mqttUrl: string
  dataDir: string
  close(): Promise<void>
}

export const testDevices = [
  { id: 'fridge-temp', kind: 'temperature', name: '冰箱温度', zigbee: 'fridge_thermometer' },
  { id: 'fridge-door', kind: 'door', name: '冰箱门', zigbee: 'fridge_door' },
  { id: 'locker-03-door', kind: 'door', name: '充电柜 3 号门', zigbee: 'locker_03_door' },
  { id: 'medbox-ibuprofen', kind: 'stock', name: '药箱·布洛芬' },
  { id: 'medbox-bandage', kind: 'stock', name: '药箱·创可贴', unitWeight: 2.5 },
]

/**
 * A real hub on free ports (HTTP and, unless mqtt.url is given, the embedded broker) with its data in a
 * fresh temp folder. `settings` are merged over the test defaults like a station file would be.
 */
export async function startTestHub(
  settings: Record<string, unknown> = {},
  opts: { clock?: Clock; dataDir?: string; log?: LogLine[] } = {},
): Promise<TestHub> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'redstation-test-')))
  const config = resolveConfig(
    {
      station: { id: 'test', name: '测试驿站' },
      devices: testDevices,
      ...settings,
      // Test devices connect without a login, as the demo's do, unless a test says otherwise.
      mqtt: {
        reconnectMinMs: 100,
        reconnectMaxMs: 1000,
        ...((settings.mqtt as object) ?? {}),
        embedded: {
          host: '127.0.0.1',
          port: 0,
          allowAnonymous: true,
          ...((settings.mqtt as { embedded?: object } | undefined)?.embedded ?? {}),
        },
      },
      http: { host: '127.0.0.1', port: 0, ...((settings.http as object) ?? {}) },
      store: { dataDir, ...((settings.store as object) ?? {}) },
    },
    'test',
  )
  const log = opts.log
  const hub = await buildHub(
    { config, clock: opts.clock ?? systemClock },
    {
      logger: log
        ? { level: 'info', stream: { write: (line: string) => void log.push(JSON.parse(line)) } }
        : process.env.TEST_LOG
          ? { level: 'debug' }
          : false,
    },
  )
  await hub.listen({ host: '127.0.0.1', port: config.http.port })
  const port = (hub.server.address() as { port: number }).port
  let closed = false
  return {
    hub,
    config,
    url: `http://127.0.0.1:${port}`,
    mqttUrl: hub.mqtt.url,
    dataDir,
    async close() {
      if (closed) return
      closed = true
      await hub.close()
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** A plain device-side MQTT client, as a sensor or zigbee2mqtt would be. */
export async function deviceClient(url: string, opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3000, ...opts })
}

/** Polls until `check` returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 3000,
): Promise<T> {
  const until = Date.now() + ms
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v !== undefined && v !== false) return v as T
    } catch (err) {
      last = err
    }
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms${last ? `: ${last}` : ''}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export async function getJson<T = unknown>(
  url: string,
  cookie?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, cookie ? { headers: { cookie } } : {})
  return { status: res.status, body: (await res.json()) as T }
}

/**
 * Adds an account to the hub's data folder (as `npm run user -- add` does; the hub picks up the change)
 * and logs it in over HTTP. Returns the session cookie for fetch headers or a socket.io handshake.
 */
export async function loginAs(t: TestHub, role: 'manager' | 'staff', name = `${role}-1`): Promise<string> {
  const { saveAccount } = await import('../../server/auth/users-admin.js')
  const password = 'correct horse battery'
  await saveAccount({ dataDir: t.dataDir, configUsers: [] }, { name, role, password, force: true })
  const res = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  })
  if (res.status !== 200) throw new Error(`login as ${name} failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error('login set no cookie')
  return cookie
}
