import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TSchema } from 'typebox'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, configPathFrom, loadConfig, resolveConfig } from '../../server/config/load.js'
import { ConfigSchema } from '../../server/config/schema.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redstation-config-'))
  dirs.push(dir)
  await writeFile(join(dir, name), text)
  return join(dir, name)
}

function problems(raw: unknown): string[] {
  try {
    resolveConfig(raw, 'test')
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('the station configuration', () => {
  it('runs the demo station with no file at all', async () => {
    const c = await loadConfig(undefined)
    expect(c.station.id).toBe('demo')
    expect(c.http.port).toBe(8080)
    expect(c.mqtt.embedded.port).toBe(1883)
    expect(c.devices.length).toBeGreaterThan(3)
  })

  it('reads YAML and JSON, merging defaults under what the file says', async () => {
    const y = await loadConfig(
      await file('s.yaml', 'station: { id: s1, name: 一号站 }\nhttp: { port: 9000 }\n'),
    )
    expect(y).toMatchObject({
      station: { id: 's1', name: '一号站' },
      http: { host: '0.0.0.0', port: 9000 },
      devices: [],
    })
    const j = await loadConfig(await file('s.json', '{"sensors": {"offlineAfterSec": {"door": 60}}}'))
    expect(j.sensors.offlineAfterSec).toEqual({ temperature: 600, door: 60, stock: 3600 })
  })

  it('lays a file over the demo station with --demo, so the demo can get a webhook', async () => {
    const path = await file(
      'w.yaml',
      'notify: { webhooks: [{ id: w, format: json, url: "http://127.0.0.1:9000/", severities: [major] }] }\n',
    )
    const c = await loadConfig(path, { demo: true })
    expect(c.station.id).toBe('demo')
    expect(c.devices.length).toBeGreaterThan(3)
    expect(c.notify.webhooks.map((w) => w.id)).toEqual(['w'])
    expect((await loadConfig(path)).devices).toEqual([])
  })

  it('takes the path from --config, --config= or $REDSTATION_CONFIG, in that order', () => {
    expect(configPathFrom(['--config', 'a.yaml'], { REDSTATION_CONFIG: 'b.yaml' })).toBe('a.yaml')
    expect(configPathFrom(['--config=c.yaml'], {})).toBe('c.yaml')
    expect(configPathFrom([], { REDSTATION_CONFIG: 'b.yaml' })).toBe('b.yaml')
    expect(configPathFrom([], {})).toBeUndefined()
  })

  it('reports every problem at once, each naming its key', () => {
    const many = problems({
      http: { port: 70000 },
      mqtt: { embedded: { allowAnonymous: 'yes' } },
      devices: Array.from({ length: 12 }, (_, i) => ({ id: `d${i}`, kind: 'fan', name: 'x' })),
    })
    expect(many).toContain('http.port: expected at most 65535, got 70000')
    expect(many).toContain('mqtt.embedded.allowAnonymous: expected a boolean, got "yes"')
    for (let i = 0; i < 12; i++)
      expect(many).toContain(`devices[${i}].kind: expected one of temperature, door, stock, got "fan"`)
  })

  it('catches what a schema cannot: duplicates and settings on the wrong kind', () => {
    expect(
      problems({
        devices: [
          { id: 'a', kind: 'temperature', name: 'A', zigbee: 'z' },
          { id: 'a', kind: 'door', name: 'B', zigbee: 'z', calibration: 1 },
          { id: 'c', kind: 'door', name: 'C', unitWeight: 3 },
        ],
        mqtt: { reconnectMinMs: 5000, reconnectMaxMs: 1000 },
      }),
    ).toEqual([
      'devices[1].id: "a" is already used by devices[0]',
      'devices[1].zigbee: "z" is already used by devices[0]',
      'devices[1].calibration: only temperature devices take a calibration',
      'devices[2].unitWeight: only stock devices take a unitWeight',
      'mqtt.reconnectMaxMs: expected at least mqtt.reconnectMinMs',
    ])
  })

  it('reports shape and cross-field problems in one go, so one edit fixes them all', () => {
    const all = problems({
      http: { port: 70000 },
      devices: [
        { id: 'a', kind: 'temperature', name: 'A' },
        { id: 'a', kind: 'door', name: 'B', unitWeight: 3 },
      ],
      mqtt: { reconnectMinMs: 5000, reconnectMaxMs: 1000 },
      notify: { escalateTo: ['nobody'] },
    })
    expect(all).toEqual(
      expect.arrayContaining([
        'http.port: expected at most 65535, got 70000',
        'devices[1].id: "a" is already used by devices[0]',
        'devices[1].unitWeight: only stock devices take a unitWeight',
        'mqtt.reconnectMaxMs: expected at least mqtt.reconnectMinMs',
        'notify.escalateTo[0]: no webhook with id "nobody" in notify.webhooks',
      ]),
    )
  })

  it('checks the accounts under users: with the rest of the file', () => {
    const hash = 'scrypt$32768$8$1$OQdELDj9mG8SjIHS6wB7eQ==$tdub91qz4oHW+gg/KJ8rnaUYC4CrOYlhDs+sATy842U='
    expect(
      problems({
        http: { port: -1 },
        users: [
          { name: 'ann', role: 'manager', passwordHash: hash },
          { name: 'ann', role: 'staff', passwordHash: 'scrypt$1$2' },
        ],
      }),
    ).toEqual([
      'http.port: expected at least 0, got -1',
      'users[1].name: "ann" is already used by users[0]',
      'users[1].passwordHash: expected scrypt$N$r$p$salt$hash (make one with npm run user)',
    ])
  })

  it('starts a station file with device logins on; the demo and the example say what they need', async () => {
    expect(resolveConfig({}, 'test').mqtt.embedded).toMatchObject({
      allowAnonymous: false,
      maxPacketBytes: 1048576,
      maxRetainedMessages: 1000,
      maxRetainedBytes: 4194304,
    })
    expect((await loadConfig(undefined)).mqtt.embedded.allowAnonymous).toBe(true)
    const example = await loadConfig(
      fileURLToPath(new URL('../../deploy/station.example.yaml', import.meta.url)),
    )
    expect(example.mqtt.embedded.allowAnonymous).toBe(false)
    expect(example.mqtt.embedded.zigbee2mqtt?.username).toBeTruthy()
    // Every device can reach the broker: its own login, or zigbee2mqtt's.
    expect(example.devices.filter((d) => !d.mqtt && !d.zigbee)).toEqual([])
  })

  it('names a file that is not an object of settings', async () => {
    await expect(loadConfig(await file('s.yaml', '- just\n- a list\n'))).rejects.toThrow(
      /expected an object of settings/,
    )
    await expect(loadConfig(await file('s.yaml', 'station: [unclosed'))).rejects.toThrow(/not valid YAML/)
  })

  it('has a description for every field, and docs/configuration.md names every field', async () => {
    const doc = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8')
    const missing: string[] = []
    const walk = (s: TSchema & Record<string, unknown>, path: string) => {
      if (path && !s.description && !(s as { $ref?: string }).$ref) missing.push(`${path}: no description`)
      if (path && !doc.includes(`\`${path}\``)) missing.push(`${path}: not in docs/configuration.md`)
      if (s.type === 'object' && s.properties)
        for (const [k, v] of Object.entries(s.properties as Record<string, TSchema>))
          walk(v as TSchema & Record<string, unknown>, path ? `${path}.${k}` : k)
      if (s.type === 'array') {
        const items = s.items as TSchema & Record<string, unknown>
        for (const [k, v] of Object.entries((items.properties ?? {}) as Record<string, TSchema>))
          walk(v as TSchema & Record<string, unknown>, `${path}[].${k}`)
      }
    }
    walk(ConfigSchema as unknown as TSchema & Record<string, unknown>, '')
    expect(missing).toEqual([])
  })
})
