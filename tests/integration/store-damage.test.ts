import { appendFile, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eventually, getJson, type LogLine, loginAs, startTestHub, type TestHub } from '../support/hub.js'

/**
 * Damage in the data folder is never silent (issue #8, point 5): each kind is named in the log at error,
 * kept on disk, shown by /api/health until a manager has seen it, and raised as an alert on the console.
 */

let dataDir: string
const hubs: TestHub[] = []
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-damage-'))
})
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close()
  await rm(dataDir, { recursive: true, force: true })
})

// Small segments, and no snapshot during the run, so damage lands in events a start replays.
const settings = {
  store: { journalSegmentBytes: 4096, snapshotEvery: 1_000_000 },
  kiosk: { rateLimitPerMin: 100_000 },
}

async function start(log: LogLine[] = []): Promise<TestHub> {
  const t = await startTestHub(settings, { dataDir, log })
  hubs.push(t)
  return t
}

/** A day of check-ins by `n` couriers, through the kiosk route. */
async function checkIns(t: TestHub, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${t.url}/api/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        phone: `1380000${String(i).padStart(4, '0')}`,
        platform: 'meituan',
        purposes: ['rest'],
      }),
    })
    expect(res.status).toBe(201)
  }
}

/** The journal's segments, oldest first. */
async function segments(): Promise<string[]> {
  return (await readdir(join(dataDir, 'journal'))).filter((n) => /^\d{12}\.jsonl$/.test(n)).sort()
}

/** A first run with 60 check-ins, stopped; the snapshot it wrote at the stop is removed, so a start replays. */
async function firstRun(): Promise<string[]> {
  const t = await start()
  await checkIns(t, 60)
  await t.close()
  hubs.length = 0
  await rm(join(dataDir, 'snapshots'), { recursive: true, force: true })
  const names = await segments()
  expect(names.length).toBeGreaterThan(3)
  return names
}

const errors = (log: LogLine[]) => log.filter((l) => l.level >= 50).map((l) => l.msg)

type Health = {
  status: string
  store: { ok: boolean; damage: { unacknowledged: number; events: number; files: string[] } }
}

/** The console's alerts, as a manager sees them. */
async function managerAlerts(t: TestHub) {
  const cookie = await loginAs(t, 'manager')
  const r = await getJson<{ alerts: { id: string; type: string; title: { zh: string } }[] }>(
    `${t.url}/api/manage/alerts`,
    cookie,
  )
  return { cookie, alerts: r.body.alerts }
}

async function expectShown(t: TestHub, log: LogLine[], file: RegExp) {
  const health = await eventually(async () => {
    const h = await getJson<Health>(`${t.url}/api/health`)
    return h.body.store.damage.unacknowledged > 0 && h.body
  })
  expect(health.status).toBe('degraded')
  expect(health.store.ok).toBe(false)
  expect(health.store.damage.files.some((f) => file.test(f))).toBe(true)
  expect(errors(log).some((m) => /store damage/.test(m))).toBe(true)
  const { cookie, alerts } = await managerAlerts(t)
  const alert = alerts.find((a) => a.type === 'store-damaged')
  expect(alert?.title.zh).toContain('数据文件损坏')
  // The manager has seen it: resolving the alert acknowledges the damage, and health is ok again.
  const res = await fetch(`${t.url}/api/manage/alerts/${alert?.id}/resolve`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ note: '已从备份恢复' }),
  })
  expect(res.status).toBe(200)
  const after = await getJson<Health>(`${t.url}/api/health`)
  expect(after.body.store).toMatchObject({ ok: true, damage: { unacknowledged: 0 } })
}

describe('damage in the journal', () => {
  it('a zeroed segment: named in the log, kept aside, shown in health and on the console', async () => {
    const names = await firstRun()
    const victim = names[1] as string
    const size = (await stat(join(dataDir, 'journal', victim))).size
    await writeFile(join(dataDir, 'journal', victim), Buffer.alloc(size))
    const log: LogLine[] = []
    const t = await start(log)
    await expectShown(t, log, new RegExp(victim))
    // Kept, never deleted: moved aside whole.
    expect((await readdir(join(dataDir, 'journal'))).some((n) => n.startsWith(victim))).toBe(true)
  })

  it('a zeroed segment the newest snapshot covers: found by the scrub at start, and no figure lost', async () => {
    const t0 = await start()
    await checkIns(t0, 60)
    await t0.close() // a clean stop writes a snapshot
    hubs.length = 0
    const victim = (await segments())[1] as string
    const size = (await stat(join(dataDir, 'journal', victim))).size
    await writeFile(join(dataDir, 'journal', victim), Buffer.alloc(size))
    const log: LogLine[] = []
    const t = await start(log)
    const cookie = await loginAs(t, 'staff')
    const stats = await getJson<{ total: number }>(`${t.url}/api/checkins/stats?period=day`, cookie)
    expect(stats.body.total).toBe(60)
    await expectShown(t, log, new RegExp(victim))
  })

  it('a deleted middle segment: the missing events are named', async () => {
    const names = await firstRun()
    await unlink(join(dataDir, 'journal', names[2] as string))
    const log: LogLine[] = []
    const t = await start(log)
    await expectShown(t, log, /\.jsonl$/)
    expect(errors(log).join('\n')).toMatch(/events \d+ to \d+ are missing/)
  })

  it('a flipped byte: that line is skipped and named, every other check-in still counts', async () => {
    const names = await firstRun()
    const path = join(dataDir, 'journal', names[1] as string)
    const text = await readFile(path, 'utf8')
    await writeFile(path, text.replace('"platform":"meituan"', '"platform":"meituaN"'))
    const log: LogLine[] = []
    const t = await start(log)
    const cookie = await loginAs(t, 'staff')
    const stats = await getJson<{ total: number }>(`${t.url}/api/checkins/stats?period=day`, cookie)
    expect(stats.body.total).toBe(59)
    await expectShown(t, log, new RegExp(names[1] as string))
  })

  it('a torn tail (a power cut mid-write): cut and logged at warn with its bytes, not damage', async () => {
    const names = await firstRun()
    await appendFile(join(dataDir, 'journal', names.at(-1) as string), '{"seq":61,"ts":"2026-1')
    const log: LogLine[] = []
    const t = await start(log)
    const warn = log.find((l) => l.level === 40 && /torn write of 22 bytes/.test(l.msg))
    expect(warn?.msg).toContain(names.at(-1))
    const h = await getJson<Health>(`${t.url}/api/health`)
    expect(h.body.store.damage.unacknowledged).toBe(0)
  })

  it('an event of a newer version refuses the start, naming it, and touches nothing', async () => {
    await firstRun()
    const last = (await segments()).at(-1) as string
    const path = join(dataDir, 'journal', last)
    const head = JSON.stringify({
      seq: 61,
      ts: new Date().toISOString(),
      type: 'checkin',
      v: 2,
      data: {},
    }).slice(0, -1)
    await appendFile(path, `${head},"crc":"${crc32(head).toString(16).padStart(8, '0')}"}\n`)
    const before = await readFile(path)
    await expect(start()).rejects.toThrow(
      /journal event 61 \(checkin\) is version 2; this release reads up to version 1/,
    )
    expect(await readFile(path)).toEqual(before)
  })
})

describe('a state file of the wrong shape', () => {
  for (const [file, content] of [
    ['alerts.json', 'null'],
    ['stock.json', '[]'],
    ['notices.json', '{}'],
    ['sessions.json', '{"version":1}'],
  ] as const)
    it(`refuses the start naming ${file} and what is wrong (${content})`, async () => {
      await writeFile(join(dataDir, file), content)
      const err = await start().then(
        () => null,
        (e: Error) => e,
      )
      expect(err?.message).toContain(join(dataDir, file))
      expect(err?.message).toMatch(/cannot be used/)
      expect(await readFile(join(dataDir, file), 'utf8')).toBe(content)
    })
})
