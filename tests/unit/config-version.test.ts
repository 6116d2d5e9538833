import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, ConfigVersionError, loadConfig } from '../../server/config/load.js'
import { CONFIG_VERSION, migrateConfig } from '../../server/config/version.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function file(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redstation-cfgver-'))
  dirs.push(dir)
  const path = join(dir, 'station.yaml')
  await writeFile(path, text)
  return path
}

const sensor = { id: 'fridge-temp', kind: 'temperature', name: '冰箱温度' }
const login = { username: 'fridge', password: 'a-long-password' }

describe('the station file’s version', () => {
  it('reads a file without version: as version 1 and brings it forward, saying so', async () => {
    const notes: string[] = []
    const path = await file(
      'station: { id: s1, name: 驿站 }\ndevices:\n  - { id: t1, kind: temperature, name: 冰箱 }\n',
    )
    const config = await loadConfig(path, { onNote: (n) => notes.push(n) })
    expect(config.version).toBe(CONFIG_VERSION)
    expect(notes[0]).toBe(
      `${path}: config version 1 brought forward to version 2 in memory (the file is not changed)`,
    )
    // Version 1 let its login-less sensors in: they still get in, and the note says how to close the broker.
    expect(config.mqtt.embedded.allowAnonymous).toBe(true)
    expect(notes[1]).toMatch(/^mqtt\.embedded\.allowAnonymous: not set, and devices t1 have no login/)
  })

  it('keeps the new default (logins on) where a version-1 file did not rely on the old one', () => {
    const withLogins = migrateConfig({ devices: [{ ...sensor, mqtt: login }] }, 'f')
    expect(withLogins.raw.mqtt).toBeUndefined()
    expect(withLogins.notes).toHaveLength(1)
    const said = migrateConfig({ devices: [sensor], mqtt: { embedded: { allowAnonymous: false } } }, 'f')
    expect(said.raw.mqtt).toEqual({ embedded: { allowAnonymous: false } })
    const external = migrateConfig({ devices: [sensor], mqtt: { url: 'mqtt://127.0.0.1:1883' } }, 'f')
    expect(external.raw.mqtt).toEqual({ url: 'mqtt://127.0.0.1:1883' })
  })

  it('leaves a file of this version as it is, and the file’s own object untouched', () => {
    const raw = { version: 2, devices: [sensor] }
    const m = migrateConfig(raw, 'f')
    expect(m).toEqual({ raw: { version: 2, devices: [sensor] }, from: 2, notes: [] })
    const old = { devices: [sensor] }
    migrateConfig(old, 'f')
    expect(old).toEqual({ devices: [sensor] })
  })

  it('refuses a newer version, naming the file and both versions, before any other check', async () => {
    const path = await file('version: 3\nstation: { id: s1, name: 驿站, colour: red }\nlighting: {}\n')
    const err = await loadConfig(path).catch((e) => e)
    expect(err).toBeInstanceOf(ConfigVersionError)
    expect(err).toBeInstanceOf(ConfigError)
    expect(err).toMatchObject({ code: 'HUB_ERR_CONFIG_VERSION', found: 3, supported: 2, source: path })
    expect(err.problems).toHaveLength(1)
    expect(err.message).toContain(path)
    expect(err.message).toContain('config version 3; this release reads up to version 2')
  })

  it('refuses a version that is not a whole number from 1', () => {
    for (const v of [0, -1, 1.5, '2', true])
      expect(() => migrateConfig({ version: v }, 'f')).toThrow(
        /version: expected a whole number from 1 to 2, got/,
      )
  })
})
