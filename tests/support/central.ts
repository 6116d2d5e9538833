import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim, type UplinkSimOptions } from '../../devices/station-uplink-sim/simulator.js'
import { hashPassword } from '../../server/auth/password.js'
import type { CentralOptions } from '../../server/central/app.js'
import { buildCentral, type CentralServer } from '../../server/central/build.js'
import { systemClock } from '../../server/clock.js'
import { seedPgliteDataDir } from './pglite-template.js'

export const STAFF = { name: 'district', password: 'test-staff-password' }

export interface TestCentral {
  app: CentralServer
  url: string
  /** Cookie header of a logged-in staff manager. */
  cookie: string
  get<T>(path: string): Promise<{ status: number; body: T }>
  /** A JSON request with `cookie` (default: the manager's), with the service's own Origin. */
  send<T>(method: string, path: string, body?: unknown, cookie?: string): Promise<{ status: number; body: T }>
  /** Logs an account in; resolves to its cookie header. */
  login(name: string, password: string): Promise<string>
  close(): Promise<void>
}

let staffHash: Promise<string> | null = null

/**
 * A central service on free ports: PostgreSQL when `dbUrl` is given, else PGlite in a temp folder (seeded
 * from the migrated template); its embedded broker unless `mqtt.url` is given. Logged in as staff.
 */
export async function startTestCentral(o: {
  dbUrl?: string | null
  mqtt?: Partial<CentralOptions['mqtt']>
  /** More accounts besides the manager (passwords hashed here). */
  users?: Array<{ name: string; role: 'manager' | 'staff'; password: string }>
  settings?: CentralOptions['settings']
  clock?: CentralOptions['clock']
}): Promise<TestCentral> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rsh-central-'))
  if (!o.dbUrl) await seedPgliteDataDir(dataDir)
  staffHash ??= hashPassword(STAFF.password)
  const app = await buildCentral(
    {
      clock: o.clock ?? systemClock,
      dataDir,
      dbUrl: o.dbUrl ?? null,
      mqtt: { url: null, embedded: { host: '127.0.0.1', port: 0 }, group: 'central', ...o.mqtt },
      users: [
        { name: STAFF.name, role: 'manager', passwordHash: await staffHash },
        ...(await Promise.all(
          (o.users ?? []).map(async (u) => ({
            name: u.name,
            role: u.role,
            passwordHash: await hashPassword(u.password),
          })),
        )),
      ],
      registryRefreshMs: 500,
      settings: o.settings,
    },
    { logger: { level: process.env.LOG_LEVEL ?? 'silent' } },
  )
  await app.listen({ host: '127.0.0.1', port: 0 })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const login = async (name: string, password: string) => {
    const r = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ name, password }),
    })
    if (r.status !== 200) throw new Error(`login ${name}: ${r.status}`)
    return (r.headers.get('set-cookie') ?? '').split(';')[0] as string
  }
  const cookie = await login(STAFF.name, STAFF.password)
  return {
    app,
    url,
    cookie,
    login,
    async get<T>(path: string) {
      const r = await fetch(`${url}${path}`, { headers: { cookie } })
      return { status: r.status, body: (await r.json()) as T }
    },
    async send<T>(method: string, path: string, body?: unknown, as = cookie) {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: {
          cookie: as,
          origin: url,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await r.text()
      return { status: r.status, body: (text ? JSON.parse(text) : null) as T }
    },
    async close() {
      await app.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** A simulated station registered at `central` with `password`, uplinking to `url`. */
export async function startSim(
  id: string,
  url: string,
  password: string,
  opts: Partial<UplinkSimOptions> & { seed?: number } = {},
): Promise<UplinkSim> {
  const station = new SimStation({ id, name: `站 ${id}`, seed: opts.seed ?? 7 })
  const sim = new UplinkSim({ url, station, password, ackTimeoutMs: 1500, reconnectMs: 300, ...opts })
  await sim.start()
  return sim
}

/** Polls `check` until it returns something truthy (or throws after `ms`). */
export async function until<T>(check: () => Promise<T> | T, ms = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
