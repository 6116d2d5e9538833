/**
 * The central service as a newcomer runs it (`npm run central`: its own broker, PGlite in a data folder, a
 * demo district), its embedded broker's rules for station logins and topics, and the station CLI.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../server/central/cli.js'
import { verifyMqttHash } from '../../server/central/credentials.js'
import { parseOptions } from '../../server/central/options.js'
import { encode, UPLINK_VERSION, upTopic } from '../../server/uplink/protocol.js'
import { startSim, startTestCentral, type TestCentral, until } from '../support/central.js'
import { seedPgliteDataDir } from '../support/pglite-template.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const launcher = ['--import', 'tsx', 'server/central-main.ts']

describe('npm run central, as a newcomer runs it', () => {
  let dir: string
  let child: ChildProcess
  const lines: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rsh-central-demo-'))
    await seedPgliteDataDir(dir)
    child = spawn(
      process.execPath,
      [...launcher, '--data-dir', dir, '--port', '0', '--host', '127.0.0.1', '--mqtt-port', '0'],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => lines.push(l))
    child.stderr?.on('data', (d) => lines.push(String(d)))
    await until(
      () => lines.some((l) => l.includes('demo district:')),
      60_000,
      `the demo to start:\n${lines.join('\n')}`,
    )
  }, 70_000)
  afterAll(async () => {
    child?.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it('prints the demo login, shows a populated district, and closes cleanly on SIGTERM', async () => {
    const text = lines.join('\n')
    expect(text).toContain('district / redstation-demo')
    const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1] as string
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'district', password: 'redstation-demo' }),
    })
    expect(login.status).toBe(200)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
    const stations = await until(
      async () => {
        const r = await fetch(`${url}/api/stations`, { headers: { cookie } })
        const body = (await r.json()) as {
          stations: Array<{ id: string; online: boolean; today: { checkins: number } }>
        }
        const live = body.stations.filter((s) => s.online && s.today.checkins > 0)
        return live.length >= 12 ? body.stations : null
      },
      20_000,
      'the demo stations online with figures',
    )
    expect(new Set((stations ?? []).map((s) => (s as unknown as { street: string }).street)).size).toBe(3)
    const figures = await fetch(`${url}/api/figures?period=month`, { headers: { cookie } })
    expect(((await figures.json()) as { checkins: { total: number } }).checkins.total).toBeGreaterThan(0)
    expect((await fetch(`${url}/api/stations`)).status).toBe(401) // staff only

    // The CLI refuses to open the embedded database while the service has it.
    const cli = await promisify(execFile)(
      process.execPath,
      [...launcher, 'station', 'list', '--data-dir', dir],
      {
        cwd: repo,
      },
    ).catch((err: { code: number; stderr: string }) => err)
    expect(cli).toMatchObject({ code: 1, stderr: expect.stringMatching(/has .* open; stop it first/) })

    const code = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    expect(await code).toBe(0)
  })
})

describe('the embedded broker', () => {
  let central: TestCentral
  beforeAll(async () => {
    central = await startTestCentral({})
    const reg = central.app.central.registry
    await reg.add({ id: 'st-a', name: 'A' }, 'password-a-0123456789')
    await reg.add({ id: 'st-b', name: 'B' }, 'password-b-0123456789')
    await reg.add({ id: 'st-c', name: 'C' }, 'password-c-0123456789')
    await reg.revoke('st-c')
  })
  afterAll(async () => {
    await central?.close()
  })

  const connect = (username: string, password: string) =>
    mqtt.connectAsync(central.app.central.brokerUrl, { username, password, reconnectPeriod: 0 })

  it('refuses and counts logins of unknown and revoked stations and wrong passwords', async () => {
    const stats = central.app.central.ingest.stats
    await expect(connect('nobody', 'password-x-0123456789')).rejects.toThrow(/Bad username or password/)
    await expect(connect('st-c', 'password-c-0123456789')).rejects.toThrow(/Bad username or password/)
    await expect(connect('st-a', 'wrong-password-0123456')).rejects.toThrow(/Bad username or password/)
    expect(stats.refused).toMatchObject({ 'unknown-station': 1, 'revoked-station': 1, 'bad-login': 1 })
    expect(stats.refusedBy('st-a')).toMatchObject({ lastReason: 'bad-login' })
  })

  it("disconnects and counts a station publishing under another station's id; it reads only its own down/", async () => {
    const b = await startSim('st-b', central.app.central.brokerUrl, 'password-b-0123456789')
    b.station.checkin()
    b.poke()
    await b.acked()
    const a = await connect('st-a', 'password-a-0123456789')
    // SUBACK 0x80: refused.
    await expect(a.subscribeAsync('redstation/st-b/down/#', { qos: 1 })).rejects.toThrow(/Subscribe error/)
    const closed = new Promise<void>((r) => a.once('close', () => r()))
    a.publish(upTopic('st-b', 'state'), encode({ v: UPLINK_VERSION, state: 'offline', session: 'forged' }), {
      qos: 1,
      retain: true,
    })
    await closed
    expect(central.app.central.ingest.stats.refused['foreign-topic']).toBe(1)
    const list = await central.get<{ stations: Array<{ id: string; online: boolean }> }>('/api/stations')
    expect(list.body.stations.find((s) => s.id === 'st-b')?.online).toBe(true)
    await a.endAsync(true)
    await b.stop()
  })
})

describe('npm run central -- station …', () => {
  it('adds a station and prints its credentials once, writes the Mosquitto password file, revokes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rsh-central-cli-'))
    try {
      await seedPgliteDataDir(dir)
      // In this process (the launcher's own entry, runCommand, minus a Node start per command).
      const run = async (...args: string[]) => {
        const io = { stdout: '', stderr: '' }
        const code = await runCommand(parseOptions([...args, '--data-dir', dir], {}), {
          out: (l) => {
            io.stdout += `${l}\n`
          },
          err: (l) => {
            io.stderr += `${l}\n`
          },
        })
        if (code !== 0) throw Object.assign(new Error(io.stderr), { code, ...io })
        return io
      }
      const added = await run('station', 'add', 'dc-01', '--name', '东城一号站', '--street', '东四街道')
      const password = /password: (\S+)/.exec(added.stdout)?.[1] as string
      expect(added.stdout).toContain('username: dc-01')
      await expect(run('station', 'add', 'dc-01', '--name', 'again')).rejects.toMatchObject({
        stderr: expect.stringContaining('already registered'),
      })
      const passwd = join(dir, 'passwd')
      await run('mosquitto-passwd', passwd)
      const line = (await readFile(passwd, 'utf8')).split('\n').find((l) => l.startsWith('dc-01:')) as string
      expect(await verifyMqttHash(password, line.slice('dc-01:'.length))).toBe(true)
      await run('station', 'revoke', 'dc-01')
      await run('mosquitto-passwd', passwd)
      expect(await readFile(passwd, 'utf8')).not.toContain('dc-01:')
      expect((await run('station', 'list')).stdout).toMatch(
        /^dc-01\t东城一号站\t东四街道\t\tAsia\/Shanghai\trevoked/m,
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
