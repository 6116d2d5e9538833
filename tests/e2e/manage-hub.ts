// The real hub behind the manager console's browser tests: a station whose food fridge alerts at once (no
// delay, no clear wait), a medicine box with batches, an upcoming checkup and a notice, a manager and a staff
// account; and what the world outside the console does to it: a fridge sensor over MQTT, couriers at the
// kiosk. It can be stopped and started again on the same port and data folder, as a power cut would.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MqttClient } from 'mqtt'
import { deviceClient, loginAs, startTestHub, type TestHub } from '../support/hub.js'

const DAY = 86_400_000

/** The password tests/support/hub.ts gives the accounts it makes. */
const PASSWORD = 'correct horse battery'
export const MANAGER = { name: 'wang', password: PASSWORD }
export const STAFF = { name: 'li', password: PASSWORD }

/** YYYY-MM-DD in China time, `days` from now. */
export const chinaDay = (days: number, now = Date.now()) =>
  new Date(now + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10)

/** An ISO time in China time: `days` from today at `hhmm`. */
export const chinaTime = (days: number, hhmm: string) => `${chinaDay(days)}T${hhmm}:00+08:00`

export function stationSettings(): Record<string, unknown> {
  return {
    station: { id: 'test', name: '宁华社区红色驿站' },
    alerts: {
      temperature: { food: { delayMin: 0, clearAfterMin: 0 } },
      // Sensors that never speak in a test would page everyone after two minutes; not what is tested here.
      offline: { enabled: false },
    },
    stock: [
      {
        id: 'ibuprofen',
        name: '布洛芬缓释胶囊',
        unit: '盒',
        min: 3,
        target: 12,
        batches: [{ batch: 'BL2405', expires: chinaDay(200), quantity: 2 }],
      },
      {
        id: 'huoxiang',
        name: '藿香正气水',
        unit: '支',
        min: 5,
        target: 30,
        batches: [
          { batch: 'HX2405', expires: chinaDay(12), quantity: 6 },
          { batch: 'HX2511', expires: chinaDay(300), quantity: 20 },
        ],
      },
      {
        id: 'plaster',
        name: '创可贴',
        unit: '片',
        min: 10,
        target: 50,
        batches: [{ batch: 'CK2601', expires: chinaDay(500), quantity: 40 }],
      },
    ],
    screenings: [
      {
        id: 'checkup',
        title: '免费体检：血压、血糖',
        organiser: '社区卫生服务中心',
        start: chinaTime(2, '09:00'),
        end: chinaTime(2, '11:30'),
        place: '驿站活动室',
        capacity: 2,
      },
    ],
    notices: [
      {
        id: 'legal-aid',
        category: 'legal',
        title: '法律援助：劳动纠纷免费咨询',
        body: '每周三下午司法所律师在驿站值班。',
      },
    ],
  }
}

export interface ConsoleHub {
  /** The console's address on this hub. */
  url: string
  t: TestHub
  /** The manager's session cookie, for checking what the hub holds. */
  managerCookie: string
  /** A sensor publishes on its topic, as docs/mqtt-topics.md has it, e.g. `{ contact: false, battery: 15 }`. */
  publish(deviceId: string, payload: Record<string, unknown>): Promise<void>
  /** The fridge thermometer publishes a reading (°C). */
  temperature(celsius: number): Promise<void>
  get<T>(path: string, cookie?: string): Promise<T>
  /** A request as the kiosk (no cookie) or an account would make it; the status and the parsed body. */
  send<T = { code?: string }>(
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
  ): Promise<{ status: number; body: T }>
  /** Stops the hub, as a power cut would. */
  stop(): Promise<void>
  /** Starts it again on the same port and data folder: accounts, sessions and open alerts survive. */
  start(): Promise<void>
  close(): Promise<void>
}

export async function startConsoleHub(settings = stationSettings()): Promise<ConsoleHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'redstation-manage-'))
  let t = await startTestHub(settings, { dataDir })
  let sensor: MqttClient | null = await deviceClient(t.mqttUrl)
  const port = Number(new URL(t.url).port)
  const managerCookie = await loginAs(t, 'manager', MANAGER.name)
  await loginAs(t, 'staff', STAFF.name) // makes the account; the tests log it in through the form

  async function send<T>(method: string, path: string, body?: unknown, cookie = managerCookie) {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
  }

  const hub: ConsoleHub = {
    url: `${t.url}/manage.html`,
    get t() {
      return t
    },
    managerCookie,
    async publish(deviceId, payload) {
      await sensor?.publishAsync(`redstation/test/devices/${deviceId}`, JSON.stringify(payload), { qos: 1 })
    },
    temperature: (celsius) => hub.publish('fridge-temp', { temperature: celsius }),
    async get<T>(path: string, cookie = managerCookie): Promise<T> {
      const { status, body } = await send<T>('GET', path, undefined, cookie)
      if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`)
      return body
    },
    send,
    async stop() {
      await sensor?.endAsync()
      sensor = null
      await t.close()
    },
    async start() {
      t = await startTestHub({ ...settings, http: { host: '127.0.0.1', port } }, { dataDir })
      sensor = await deviceClient(t.mqttUrl)
    },
    async close() {
      await sensor?.endAsync()
      await t.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  return hub
}

/** What a courier does at the kiosk, straight over HTTP. */
export const kiosk = {
  help: (hub: ConsoleHub, reason: string, phone?: string) =>
    hub.send('POST', '/api/help', phone ? { reason, phone } : { reason }, ''),
  checkIn: (hub: ConsoleHub, phone: string, platform: string, purposes: string[]) =>
    hub.send('POST', '/api/checkins', { phone, platform, purposes }, ''),
  signUp: (hub: ConsoleHub, screeningId: string, name: string, phone: string) =>
    hub.send('POST', `/api/screenings/${screeningId}/signups`, { name, phone, consent: true }, ''),
}

export interface OpenAlert {
  id: string
  type: string
  state: string
}

/** The open alerts as the hub holds them. */
export const openAlerts = async (hub: ConsoleHub) =>
  (await hub.get<{ alerts: OpenAlert[] }>('/api/manage/alerts')).alerts
