import { defaultRules } from '../alerts/rules.js'
import type { Config, DeviceConfig } from './schema.js'
import { LOCKER_DEFAULTS } from './schema-lockers.js'

/** Defaults for every field but devices. A file only needs what differs. */
export const defaults: Omit<Config, 'devices' | 'screenings' | 'notices' | 'users' | 'stock'> = {
  station: { id: 'demo', name: '红色驿站（演示）', timeZone: 'Asia/Shanghai' },
  http: { host: '0.0.0.0', port: 8080, trustProxy: false, allowedOrigins: [], requestTimeoutSec: 30 },
  mqtt: {
    // A station file starts with device logins on; the demo station turns them off (demoStation below).
    embedded: {
      host: '0.0.0.0',
      port: 1883,
      allowAnonymous: false,
      maxPacketBytes: 1024 * 1024,
      maxMessagesPerSec: 50,
      maxRetainedMessages: 1000,
      maxRetainedBytes: 4 * 1024 * 1024,
    },
    reconnectMinMs: 1000,
    reconnectMaxMs: 30000,
    zigbee2mqttPrefix: 'zigbee2mqtt',
  },
  sensors: {
    offlineAfterSec: { temperature: 600, door: 3600, stock: 3600 },
    maxPayloadBytes: 16384,
    maxUnregistered: 100,
  },
  kiosk: {
    idleResetSec: 60,
    confirmReturnSec: 6,
    platforms: [
      { id: 'meituan', zh: '美团', en: 'Meituan' },
      { id: 'eleme', zh: '饿了么', en: 'Ele.me' },
      { id: 'sf', zh: '顺丰', en: 'SF Express' },
      { id: 'jd', zh: '京东', en: 'JD' },
      { id: 'shansong', zh: '闪送', en: 'FlashEx' },
      { id: 'dada', zh: '达达', en: 'Dada' },
      { id: 'other', zh: '其他', en: 'Other' },
    ],
    purposes: [
      { id: 'rest', zh: '歇脚休息', en: 'Rest' },
      { id: 'meal', zh: '加热饭菜', en: 'Heat a meal' },
      { id: 'water', zh: '喝水', en: 'Drinking water' },
      { id: 'charge', zh: '手机充电', en: 'Charge a phone' },
      { id: 'medicine', zh: '取用药品', en: 'Medicine' },
      { id: 'restroom', zh: '上洗手间', en: 'Restroom' },
    ],
    checkinRepeatMin: 10,
    rateLimitPerMin: 120,
  },
  alerts: defaultRules(),
  notify: { webhooks: [], reminderMin: 15, escalateAfterMin: 30, escalateTo: [] },
  privacy: { screeningContactDays: 30, personalDataDays: 90, helpContactMinutes: 60 },
  store: {
    dataDir: './data',
    historyRetentionDays: 365,
    downsampleAfterDays: 7,
    downsampleBucketSec: 300,
    journalSegmentBytes: 8 * 1024 * 1024,
    journalRetentionDays: 400,
    snapshotEvery: 10_000,
    diskAlertPercent: 90,
  },
  lockers: LOCKER_DEFAULTS,
  metrics: { token: null, fromLocalhost: true },
}

/** The devices of the demo station, used when the hub starts with no config file. */
export const demoDevices: DeviceConfig[] = [
  { id: 'fridge-temp', kind: 'temperature', name: '冰箱温度', offlineAfterSec: 60 },
  { id: 'fridge-door', kind: 'door', name: '冰箱门' },
  { id: 'locker-01-door', kind: 'door', name: '充电柜 1 号门' },
  { id: 'locker-02-door', kind: 'door', name: '充电柜 2 号门' },
  { id: 'medbox-ibuprofen', kind: 'stock', name: '药箱·布洛芬' },
  { id: 'medbox-bandage', kind: 'stock', name: '药箱·创可贴', unitWeight: 2.5 },
  { id: 'medbox-cold', kind: 'stock', name: '药箱·感冒灵' },
]

const HOUR = 3_600_000

/** `YYYY-MM-DDTHH:MM:00+08:00`, `days` after today in China Standard Time. */
function chinaTime(now: number, days: number, hhmm: string): string {
  const d = new Date(now + 8 * HOUR + days * 24 * HOUR)
  return `${d.toISOString().slice(0, 10)}T${hhmm}:00+08:00`
}

/** The demo station's events and notices, dated from `now` so the demo always has something upcoming. */
/** YYYY-MM-DD, `days` after today (China time). */
const dayFrom = (now: number, days: number) => chinaTime(now, days, '00:00').slice(0, 10)

/**
 * The demo's manager login, manager / redstation-demo (printed at start, in the README). Only the
 * built-in demo station has it: a station file starts with no accounts.
 */
export const DEMO_LOGIN = { name: 'manager', password: 'redstation-demo' }
const DEMO_HASH = 'scrypt$32768$8$1$OQdELDj9mG8SjIHS6wB7eQ==$tdub91qz4oHW+gg/KJ8rnaUYC4CrOYlhDs+sATy842U='

/**
 * The demo's charging cabinet: 8 lockers (6 for phones, 2 for e-bike batteries) on one simulated KR-CU16.
 * The launcher (server/main.ts, with --demo) starts the simulated board on a socat pseudo-terminal and puts
 * its path in place of this one.
 */
export const DEMO_CABINET_PORT = '/dev/serial/by-id/usb-RedStation_DemoCabinet-if00-port0'

export const demoLockers = {
  buses: [
    { id: 'cabinet', port: DEMO_CABINET_PORT, profile: 'kerong-cu16', boards: [{ address: 0, locks: 8 }] },
  ],
  lockers: Array.from({ length: 8 }, (_, i) => ({
    id: `L${i + 1}`,
    label: String(i + 1),
    kind: i < 6 ? ('phone' as const) : ('battery' as const),
    bus: 'cabinet',
    board: 0,
    lock: i + 1,
  })),
}

export function demoStation(now: number): Pick<
  Config,
  'devices' | 'screenings' | 'notices' | 'stock' | 'users'
> & {
  alerts: object
  mqtt: object
  lockers: typeof demoLockers
} {
  return {
    devices: demoDevices,
    lockers: demoLockers,
    // The demo's simulated sensors, and a visitor's mosquitto_pub, connect without a login. A station file
    // starts with logins on (defaults above).
    mqtt: { embedded: { allowAnonymous: true } },
    users: [{ name: DEMO_LOGIN.name, role: 'manager', passwordHash: DEMO_HASH }],
    // Short delays, so a visitor sees the simulated fridge warm up after a door opening raise an alert and
    // clear it within minutes (a real food fridge waits 30 minutes), and a door opened by hand raises one
    // in 2 minutes (a real station waits 10; the simulated doors are never open longer than a minute).
    alerts: { temperature: { food: { delayMin: 1, clearAfterMin: 1 } }, door: { delayMin: 2 } },
    stock: [
      {
        id: 'ibuprofen',
        name: '布洛芬缓释胶囊',
        unit: '盒',
        min: 3,
        target: 20,
        compartment: 'medbox-ibuprofen',
      },
      { id: 'bandage', name: '创可贴', unit: '片', min: 5, target: 20, compartment: 'medbox-bandage' },
      { id: 'cold', name: '感冒灵颗粒', unit: '盒', min: 3, target: 20, compartment: 'medbox-cold' },
      {
        id: 'huoxiang',
        name: '藿香正气水',
        unit: '支',
        min: 10,
        target: 40,
        batches: [
          { batch: 'HX2405', expires: dayFrom(now, 12), quantity: 6 },
          { batch: 'HX2511', expires: dayFrom(now, 300), quantity: 20 },
        ],
      },
      {
        id: 'masks',
        name: '医用口罩',
        unit: '个',
        min: 20,
        target: 100,
        batches: [{ batch: 'KZ2609', expires: dayFrom(now, 500), quantity: 60 }],
      },
      {
        id: 'alcohol',
        name: '75% 消毒酒精',
        unit: '瓶',
        min: 2,
        target: 6,
        batches: [{ batch: 'JJ2601', expires: dayFrom(now, 200), quantity: 2 }],
      },
    ],
    screenings: [
      {
        id: 'checkup-basic',
        title: '免费体检：血压、血糖、心电图',
        organiser: '宁夏妇幼保健院',
        start: chinaTime(now, 1, '09:00'),
        end: chinaTime(now, 1, '11:30'),
        place: '驿站活动室',
        capacity: 20,
      },
      {
        id: 'physio',
        title: '颈肩腰腿义诊与康复按摩',
        organiser: '社区卫生服务中心',
        start: chinaTime(now, 3, '14:00'),
        end: chinaTime(now, 3, '16:00'),
        place: '驿站康复室',
        capacity: 12,
      },
      {
        id: 'dental',
        title: '口腔检查',
        organiser: '市口腔医院志愿者',
        start: chinaTime(now, 7, '10:00'),
        end: chinaTime(now, 7, '12:00'),
        place: '社区党群服务中心二楼',
        capacity: 3,
      },
    ],
    notices: [
      {
        id: 'jobs-spring',
        category: 'jobs',
        title: '春风行动招聘会：多家企业招工，包食宿',
        body: '本周六上午 9 点，社区党群服务中心一楼。带身份证即可，现场面试。',
      },
      {
        id: 'legal-aid',
        category: 'legal',
        title: '法律援助：劳动纠纷、工伤赔偿免费咨询',
        body: '每周三下午司法所律师在驿站值班；也可拨打 12348 法律援助热线。',
      },
      {
        id: 'injury-insurance',
        category: 'insurance',
        title: '新就业形态人员职业伤害保障、社保办理',
        body: '社区服务中心一楼社保窗口，工作日 9:00–17:00，请带身份证。',
      },
    ],
  }
}
