import type { Config, DeviceConfig } from './schema.js'

/** Defaults for every field but devices. A file only needs what differs. */
export const defaults: Omit<Config, 'devices'> = {
  station: { id: 'demo', name: '红色驿站（演示）' },
  http: { host: '0.0.0.0', port: 8080 },
  mqtt: {
    embedded: { host: '0.0.0.0', port: 1883, allowAnonymous: true },
    reconnectMinMs: 1000,
    reconnectMaxMs: 30000,
    zigbee2mqttPrefix: 'zigbee2mqtt',
  },
  sensors: {
    offlineAfterSec: { temperature: 600, door: 3600, stock: 3600 },
    maxPayloadBytes: 16384,
    maxUnregistered: 100,
  },
  store: {
    dataDir: './data',
    historyRetentionDays: 365,
    downsampleAfterDays: 7,
    downsampleBucketSec: 300,
    journalSegmentBytes: 8 * 1024 * 1024,
  },
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
