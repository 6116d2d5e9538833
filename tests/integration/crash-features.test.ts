import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveAccount } from '../../server/auth/users-admin.js'
import { getJson, startTestHub, testDevices } from '../support/hub.js'

/**
 * kill -9 at a random instant of a burst of commits from several features at once, over HTTP as people
 * make them: check-ins, screening sign-ups, notices, restocks, help requests and alert acknowledgements.
 * After every kill the hub starts on the same data and holds every write it acknowledged (issue #8).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const child = join(root, 'tests/support/crash-hub.ts')
const DAY = 86_400_000
const password = 'correct horse battery'

let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-crash-features-'))
  await saveAccount({ dataDir, configUsers: [] }, { name: 'li', role: 'manager', password, force: true })
})
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

const settings = () => ({
  station: { id: 'test', name: '测试驿站' },
  http: { host: '127.0.0.1', port: 0 },
  mqtt: { embedded: { host: '127.0.0.1', port: 0 } },
  devices: testDevices,
  kiosk: { rateLimitPerMin: 1_000_000 },
  store: { dataDir, journalSegmentBytes: 64 * 1024 },
  stock: [{ id: 'bandage', name: '创可贴', unit: '片', min: 2, target: 20 }],
  screenings: [
    {
      id: 'bp',
      title: '免费测血压',
      organiser: '社区卫生服务中心',
      start: new Date(Date.now() + 3 * DAY).toISOString(),
      end: new Date(Date.now() + 3 * DAY + 3_600_000).toISOString(),
      place: '驿站活动室',
      capacity: 10_000,
    },
  ],
})

interface Acked {
  phones: string[]
  codes: string[]
  notices: string[]
  batches: string[]
  acks: string[]
}

function startChild(): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(settings())], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    proc.stderr?.on('data', (c) => {
      err += c
    })
    proc.stdout?.on('data', (c: Buffer) => {
      const m = /ready (\d+)/.exec(c.toString())
      if (m) resolvePromise({ proc, url: `http://127.0.0.1:${m[1]}` })
    })
    proc.on('exit', (code) => reject(new Error(`hub exited with ${code} before it was ready:\n${err}`)))
  })
}

/** Makes writes of every kind until `stop`, recording each the hub acknowledged. */
async function burst(url: string, run: number, stop: { now: boolean }, started: () => void): Promise<Acked> {
  const acked: Acked = { phones: [], codes: [], notices: [], batches: [], acks: [] }
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    })
  const login = await post('/api/auth/login', { name: 'li', password })
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? ''
  started()
  let i = 0
  const next = () => `${run}${String(i++).padStart(5, '0')}`
  const loop = async (write: () => Promise<void>) => {
    while (!stop.now) await write().catch(() => {})
  }
  await Promise.all([
    loop(async () => {
      const phone = `13${next().padStart(9, '0')}`
      const r = await post('/api/checkins', { phone, platform: 'meituan', purposes: ['rest'] })
      if (r.status === 201) acked.phones.push(phone)
    }),
    loop(async () => {
      const r = await post('/api/screenings/bp/signups', {
        name: '陈小明',
        phone: `15${next().padStart(9, '0')}`,
        consent: true,
      })
      if (r.status === 201) acked.codes.push(((await r.json()) as { code: string }).code)
    }),
    loop(async () => {
      const title = `通知${next()}`
      const r = await post('/api/manage/notices', { category: 'jobs', title, body: '', until: null }, cookie)
      if (r.status === 201) acked.notices.push(((await r.json()) as { notice: { id: string } }).notice.id)
    }),
    loop(async () => {
      const batch = `B${next()}`
      const r = await post(
        '/api/manage/stock/items/bandage/restock',
        { quantity: 1, batch, expires: '2031-01-01' },
        cookie,
      )
      if (r.status === 200) acked.batches.push(batch)
    }),
    loop(async () => {
      await post('/api/help', { reason: 'unwell' })
      const { alerts } = (await (
        await fetch(`${url}/api/manage/alerts`, { headers: { cookie } })
      ).json()) as {
        alerts: { id: string; state: string }[]
      }
      const open = alerts.find((a) => a.state === 'active')
      if (!open) return
      const r = await post(`/api/manage/alerts/${open.id}/ack`, {}, cookie)
      if (r.status === 200) acked.acks.push(open.id)
    }),
  ])
  return acked
}

describe('several features across kill -9', () => {
  it('hold every write they acknowledged, alert acknowledgements included', {
    timeout: 120_000,
  }, async () => {
    const seen = { phones: 0, codes: 0, notices: 0, batches: 0, acks: 0 }
    for (let run = 1; run <= 4; run++) {
      const { proc, url } = await startChild()
      const stop = { now: false }
      const killed = new Promise<void>((r) => proc.on('exit', () => r()))
      // The kill lands at a random instant once the burst is under way (after the manager's login).
      const killLater = () =>
        setTimeout(
          () => {
            proc.kill('SIGKILL')
            // Answers already received count as acknowledged; nothing after the kill can arrive.
            void killed.then(() => {
              stop.now = true
            })
          },
          300 + Math.random() * 1200,
        )
      const acked = await burst(url, run, stop, killLater)
      for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += acked[k].length

      const t = await startTestHub(settings(), { dataDir })
      try {
        const cookie = (
          await fetch(`${t.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'li', password }),
          }).then((r) => r.headers.get('set-cookie'))
        )?.split(';')[0] as string
        const lost: string[] = []
        for (const phone of acked.phones) {
          const r = await fetch(`${t.url}/api/checkins/lookup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ phone }),
          })
          if (!((await r.json()) as { known: boolean }).known) lost.push(`check-in ${phone}`)
        }
        const screenings = await getJson<{ screenings: { id: string; signups: { code: string }[] }[] }>(
          `${t.url}/api/manage/screenings`,
          cookie,
        )
        const codes = new Set(
          screenings.body.screenings.find((s) => s.id === 'bp')?.signups.map((s) => s.code),
        )
        for (const c of acked.codes) if (!codes.has(c)) lost.push(`sign-up ${c}`)
        const notices = await getJson<{ notices: { id: string }[] }>(`${t.url}/api/manage/notices`, cookie)
        const ids = new Set(notices.body.notices.map((n) => n.id))
        for (const n of acked.notices) if (!ids.has(n)) lost.push(`notice ${n}`)
        const stock = await getJson<{ items: { id: string; batches: { batch: string }[] }[] }>(
          `${t.url}/api/manage/stock`,
          cookie,
        )
        const batches = new Set(stock.body.items.find((x) => x.id === 'bandage')?.batches.map((b) => b.batch))
        for (const b of acked.batches) if (!batches.has(b)) lost.push(`restock ${b}`)
        const history = await getJson<{ alerts: { id: string; ackBy: string | null }[] }>(
          `${t.url}/api/manage/alerts/history?limit=5000`,
          cookie,
        )
        const acknowledged = new Set(history.body.alerts.filter((a) => a.ackBy === 'li').map((a) => a.id))
        for (const a of acked.acks) if (!acknowledged.has(a)) lost.push(`acknowledgement of ${a}`)
        expect(lost, `run ${run}: acknowledged but lost`).toEqual([])
      } finally {
        await t.close()
      }
    }
    // Every kind was really written and checked.
    for (const [kind, n] of Object.entries(seen)) expect(n, kind).toBeGreaterThan(0)
  })
})
