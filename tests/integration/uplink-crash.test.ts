/**
 * kill -9 of a station in the middle of forwarding its journal to the district (issue 11): after a restart
 * on the same data it resumes from its durable cursor, and the district has every event exactly once (its
 * figures equal the station's own).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCentral, type TestCentral, until } from '../support/central.js'
import { getJson, loginAs, startTestHub, testDevices } from '../support/hub.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const ID = 'st-crash'
const PASSWORD = 'password-crash-0123456789'

let central: TestCentral
let dataDir: string
beforeAll(async () => {
  central = await startTestCentral({})
  await central.app.central.registry.add(
    { id: ID, name: '崩溃驿站', street: '东四街道', community: '社区' },
    PASSWORD,
  )
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-uplink-crash-'))
}, 60_000)
afterAll(async () => {
  await central?.close()
  await rm(dataDir, { recursive: true, force: true })
})

const settings = () => ({
  station: { id: ID, name: '崩溃驿站' },
  http: { host: '127.0.0.1', port: 0 },
  mqtt: { embedded: { host: '127.0.0.1', port: 0 } },
  devices: testDevices,
  kiosk: { rateLimitPerMin: 1_000_000 },
  store: { dataDir },
  uplink: { url: central.app.central.brokerUrl, password: PASSWORD, ackTimeoutSec: 2 },
})

function startChild(): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/crash-hub.ts', JSON.stringify(settings())],
      {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let err = ''
    proc.stderr?.on('data', (c) => {
      err += c
    })
    proc.stdout?.on('data', (c: Buffer) => {
      const m = /ready (\d+)/.exec(c.toString())
      if (m) resolve({ proc, url: `http://127.0.0.1:${m[1]}` })
    })
    proc.on('exit', (code) => reject(new Error(`station exited with ${code} before it was ready:\n${err}`)))
  })
}

describe('a station killed while forwarding', () => {
  it('resumes from its cursor after a restart: every event at the district exactly once', {
    timeout: 120_000,
  }, async () => {
    let phones = 0
    for (let run = 1; run <= 3; run++) {
      const { proc, url } = await startChild()
      const exited = new Promise<void>((r) => proc.on('exit', () => r()))
      let stop = false
      const writes = (async () => {
        while (!stop) {
          const phone = `1360000${String(++phones).padStart(4, '0')}`
          await fetch(`${url}/api/checkins`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ phone, platform: 'sf', purposes: ['charge'] }),
          }).catch(() => {})
        }
      })()
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200))
      proc.kill('SIGKILL')
      await exited
      stop = true
      await writes
    }
    // The station again, on the same data: it sends what the district has not acknowledged.
    const t = await startTestHub(settings(), { dataDir })
    try {
      await until(
        async () => {
          const h = (await getJson<{ uplink: { state: string; backlog: number } }>(`${t.url}/api/health`))
            .body.uplink
          return h.state === 'online' && h.backlog === 0
        },
        60_000,
        'the backlog to drain',
      )
      const manager = await loginAs(t, 'manager')
      const own = await getJson<{ total: number }>(`${t.url}/api/checkins/stats?period=day`, manager)
      expect(own.body.total).toBeGreaterThan(10)
      const seen = await central.get<{ checkins: { total: number } }>(
        `/api/stations/${ID}/figures?period=day`,
      )
      expect(seen.body.checkins.total).toBe(own.body.total)
    } finally {
      await t.close()
    }
  })
})
