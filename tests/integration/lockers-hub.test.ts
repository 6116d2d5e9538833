// The charging lockers on a real hub: HTTP routes, the journal, alerts, and a simulated KR-CU16 board over a
// real socat pseudo-terminal with node-serialport. What a courier and a manager would meet, short of a screen.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulatedCabinet } from '../../devices/lock-board/simulate-cabinet.js'
import { eventually, getJson, loginAs } from '../support/hub.js'
import { type LockerHub, post, startLockerHub } from '../support/lockers.js'

const hubs: LockerHub[] = []
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close()
})

async function hub(settings: Record<string, unknown> = {}, lockers: Record<string, unknown> = {}) {
  const h = await startLockerHub(settings, lockers)
  hubs.push(h)
  return h
}

async function journal(h: LockerHub, prefix: string) {
  await h.t.hub.store.idle()
  const out: { type: string; data: Record<string, unknown> }[] = []
  for await (const e of h.t.hub.store.read())
    if (e.type.startsWith(prefix)) out.push({ type: e.type, data: e.data as Record<string, unknown> })
  return out
}

type Alert = { type: string; subject: string; state: string; title: { zh: string } }

describe('renting and taking back a charging locker', () => {
  it('by phone: the locker opens, the closed door starts the rental, the phone opens it again', async () => {
    const h = await hub()
    const rented = await post<{ locker: { label: string }; pin: null; rev: number }>(
      `${h.t.url}/api/lockers/rentals`,
      {
        kind: 'phone',
        phone: '13812345678',
      },
    )
    expect(rented.status).toBe(201)
    expect(rented.body).toMatchObject({ locker: { id: 'L1', label: '1' }, pin: null })
    expect(h.board.isOpen(1)).toBe(true)
    expect(h.cab.sim.unlocksSeen(0, 1)).toHaveLength(1)

    // The same phone cannot hold two lockers.
    const again = await post(`${h.t.url}/api/lockers/rentals`, { kind: 'phone', phone: '13812345678' })
    expect(again).toMatchObject({ status: 409, body: { code: 'HUB_ERR_LOCKER_PHONE_BUSY' } })

    h.board.closeDoor(1)
    const s = await h.until((x) => x.lockers[0]?.state === 'busy' && !x.lockers[0].doorOpen)
    expect(s.free).toEqual({ phone: 2, battery: 1 })
    const cookie = await loginAs(h.t, 'staff')
    const managed = await getJson<{ lockers: { rental: Record<string, unknown> | null }[] }>(
      `${h.t.url}/api/manage/lockers`,
      cookie,
    )
    expect(managed.body.lockers[0]?.rental).toMatchObject({
      by: 'phone',
      phoneMasked: '138****5678',
      stage: 'active',
      minutes: 0,
    })
    // Nothing of the phone in the public summary.
    expect(JSON.stringify(s)).not.toContain('5678')

    const wrong = await post(`${h.t.url}/api/lockers/collect`, { phone: '13900000000' })
    expect(wrong).toMatchObject({ status: 404, body: { code: 'HUB_ERR_LOCKER_RENTAL_NOT_FOUND' } })
    const back = await post(`${h.t.url}/api/lockers/collect`, { phone: '13812345678' })
    expect(back).toMatchObject({ status: 200, body: { locker: { id: 'L1', label: '1' } } })
    expect(h.board.isOpen(1)).toBe(true)
    h.board.closeDoor(1)
    await h.until((x) => x.lockers[0]?.state === 'free')

    const events = await journal(h, 'locker.rental')
    expect(events.map((e) => e.type)).toEqual([
      'locker.rental.reserved',
      'locker.rental.started',
      'locker.rental.collecting',
      'locker.rental.ended',
    ])
    // The journal keeps the phone only hashed and masked.
    expect(JSON.stringify(events)).not.toContain('13812345678')
    expect(events[0]?.data).toMatchObject({ phoneMasked: '138****5678', pinHash: '' })
  })

  it('by PIN: a code shown once, kept only hashed; wrong codes are limited per locker', async () => {
    const h = await hub({}, { pinTries: 2 })
    const rented = await post<{ pin: string; locker: { id: string } }>(`${h.t.url}/api/lockers/rentals`, {
      kind: 'battery',
    })
    expect(rented.status).toBe(201)
    expect(rented.body.locker.id).toBe('L4')
    const pin = rented.body.pin
    expect(pin).toMatch(/^\d{6}$/)
    h.board.closeDoor(4)
    await h.until((x) => x.lockers[3]?.state === 'busy' && !x.lockers[3].doorOpen)
    const events = await journal(h, 'locker.rental.reserved')
    expect(JSON.stringify(events)).not.toContain(pin)
    expect(events[0]?.data.pinHash).toMatch(/^[0-9a-f]{64}$/)

    const other = pin === '000000' ? '111111' : '000000'
    const first = await post(`${h.t.url}/api/lockers/collect`, { locker: 'L4', pin: other })
    expect(first).toMatchObject({ status: 403, body: { code: 'HUB_ERR_LOCKER_PIN_WRONG' } })
    const second = await post(`${h.t.url}/api/lockers/collect`, { locker: 'L4', pin: other })
    expect(second).toMatchObject({ status: 429, body: { code: 'HUB_ERR_LOCKER_PIN_LOCKED' } })
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(60)
    // Locked: even the right code waits now, and the locker stays shut.
    const right = await post(`${h.t.url}/api/lockers/collect`, { locker: 'L4', pin })
    expect(right.status).toBe(429)
    expect(h.board.isOpen(4)).toBe(false)
    expect((await journal(h, 'locker.fault')).map((e) => e.data.fault)).toEqual(['pin-locked'])
  })

  it('limits wrong codes per address across lockers', async () => {
    const h = await hub({}, { pinTries: 5, pinTriesPerAddress: 3 })
    for (const kind of ['phone', 'phone'] as const) await post(`${h.t.url}/api/lockers/rentals`, { kind })
    const codes = ['L1', 'L2', 'L3'].map((locker) =>
      post(`${h.t.url}/api/lockers/collect`, { locker, pin: '000000' }),
    )
    const answers = await Promise.all(codes)
    expect(answers.map((a) => a.status).sort()).toEqual([403, 403, 429])
    const after = await post(`${h.t.url}/api/lockers/collect`, { locker: 'L2', pin: '123456' })
    expect(after.status).toBe(429)
  })
})

describe('faults', () => {
  it('a jam: the courier is told, the locker goes out of service, managers get an alert; the next rental gets another', async () => {
    const h = await hub()
    h.board.jam(1)
    const asked = await post(`${h.t.url}/api/lockers/rentals`, { kind: 'phone', phone: '13812345678' })
    expect(asked).toMatchObject({ status: 409, body: { code: 'HUB_ERR_LOCKER_JAMMED' } })
    const cookie = await loginAs(h.t, 'manager')
    const alerts = await getJson<{ alerts: Alert[] }>(`${h.t.url}/api/manage/alerts`, cookie)
    expect(alerts.body.alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'locker-jam',
          subject: 'L1',
          title: expect.objectContaining({ zh: '充电柜柜门打不开：1 号柜' }),
        }),
      ]),
    )
    const managed = await getJson<{ lockers: { inService: boolean; service: { user: null } | null }[] }>(
      `${h.t.url}/api/manage/lockers`,
      cookie,
    )
    expect(managed.body.lockers[0]).toMatchObject({ inService: false, service: { user: null } })
    const next = await post(`${h.t.url}/api/lockers/rentals`, { kind: 'phone', phone: '13812345678' })
    expect(next).toMatchObject({ status: 201, body: { locker: { id: 'L2' } } })

    // A manager mends it and puts it back: the alert clears.
    h.board.jam(1, false)
    const back = await post(
      `${h.t.url}/api/manage/lockers/L1/service`,
      { inService: true, reason: '已修好' },
      cookie,
    )
    expect(back.status).toBe(200)
    const open = await getJson<{ alerts: Alert[] }>(`${h.t.url}/api/manage/alerts`, cookie)
    expect(open.body.alerts.filter((a) => a.type === 'locker-jam')).toEqual([])
  })

  it('a door forced open is an urgent alert; a door left open is reminded on the kiosk (then alerted: lockers-timers.test.ts)', async () => {
    const h = await hub({}, { doorRemindSec: 5, doorAlertMin: 1 })
    h.board.openDoor(2)
    const cookie = await loginAs(h.t, 'manager')
    const forced = await eventually(async () => {
      const a = await getJson<{ alerts: (Alert & { severity: string })[] }>(
        `${h.t.url}/api/manage/alerts`,
        cookie,
      )
      return a.body.alerts.find((x) => x.type === 'locker-forced')
    })
    expect(forced).toMatchObject({ subject: 'L2', severity: 'critical' })
    const s = await h.until((x) => x.lockers[1]?.remind === true, 8000)
    expect(s.lockers[1]).toMatchObject({ doorOpen: true, state: 'unavailable' })
  }, 15_000)

  it('an unplugged adapter: health degraded, a rental fails at once and never fires later; it recovers by itself', async () => {
    const h = await hub()
    await h.cab.unplug()
    await eventually(
      async () => (await getJson<{ status: string }>(`${h.t.url}/api/health`)).body.status === 'degraded',
    )
    const asked = Date.now()
    const res = await post(`${h.t.url}/api/lockers/rentals`, { kind: 'phone', phone: '13812345678' })
    expect(Date.now() - asked).toBeLessThan(500)
    expect(res).toMatchObject({ status: 503, body: { code: 'HUB_ERR_LOCKER_UNAVAILABLE' } })
    const health = await getJson<{ lockers: { problems: string[] } }>(`${h.t.url}/api/health`)
    expect(health.body.lockers.problems.join()).toContain('not open')

    await h.cab.replug()
    await h.until((x) => x.free.phone === 3, 10_000)
    await new Promise((r) => setTimeout(r, 300))
    expect(h.cab.sim.unlocksSeen()).toEqual([])
    expect((await getJson<{ status: string }>(`${h.t.url}/api/health`)).body.status).toBe('ok')
  }, 20_000)
})

describe('a clean restart', () => {
  it('brings rentals, service and figures back from the snapshot, matching the board', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'redstation-lockers-'))
    const cabinet = await startSimulatedCabinet({
      profile: 'kerong-cu16',
      boards: [{ address: 0, locks: 4 }],
    })
    try {
      let h = await startLockerHub({}, {}, { dataDir, cabinet })
      const rented = await post<{ pin: string }>(`${h.t.url}/api/lockers/rentals`, { kind: 'phone' })
      h.board.closeDoor(1)
      await h.until((x) => x.lockers[0]?.state === 'busy' && !x.lockers[0].doorOpen)
      const manager = await loginAs(h.t, 'manager', 'li')
      await post(
        `${h.t.url}/api/manage/lockers/L3/service`,
        { inService: false, reason: '插座坏了' },
        manager,
      )
      await h.close()

      h = await startLockerHub({}, {}, { dataDir, cabinet })
      hubs.push(h)
      const s = await h.summary()
      expect(s.lockers.map((l) => l.state)).toEqual(['busy', 'free', 'unavailable', 'free'])
      const back = await post(`${h.t.url}/api/lockers/collect`, { locker: 'L1', pin: rented.body.pin })
      expect(back.status).toBe(200)
      const staff = await loginAs(h.t, 'staff')
      const figures = await getJson<{ days: { rentals: number }[] }>(
        `${h.t.url}/api/manage/lockers/figures`,
        staff,
      )
      expect(figures.body.days.at(-1)?.rentals).toBe(1)
    } finally {
      await Promise.all(hubs.splice(0).map((x) => x.close()))
      await cabinet.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

describe('the manager’s routes', () => {
  it('opening a locker needs a manager and a reason, and is recorded with who and why', async () => {
    const h = await hub()
    const url = `${h.t.url}/api/manage/lockers/L3/open`
    expect((await post(url, { reason: '取遗留物品' })).status).toBe(401)
    const staff = await loginAs(h.t, 'staff')
    expect((await post(url, { reason: '取遗留物品' }, staff)).status).toBe(403)
    expect((await getJson(`${h.t.url}/api/manage/lockers`, staff)).status).toBe(200)
    const manager = await loginAs(h.t, 'manager', 'li')
    expect((await post(url, {}, manager)).status).toBe(400)
    expect((await post(url, { reason: '' }, manager)).status).toBe(400)
    const opened = await post(url, { reason: '取遗留物品' }, manager)
    expect(opened).toMatchObject({ status: 200, body: { outcome: 'opened', locker: { id: 'L3' } } })
    expect(h.board.isOpen(3)).toBe(true)
    // A manager's opening is commanded: no forced-door alert.
    const alerts = await getJson<{ alerts: Alert[] }>(`${h.t.url}/api/manage/alerts`, manager)
    expect(alerts.body.alerts.filter((a) => a.type === 'locker-forced')).toEqual([])
    expect(await journal(h, 'locker.opened')).toEqual([
      { type: 'locker.opened', data: { locker: 'L3', user: 'li', reason: '取遗留物品' } },
    ])
    const missing = await post(`${h.t.url}/api/manage/lockers/L9/open`, { reason: 'x' }, manager)
    expect(missing).toMatchObject({ status: 404, body: { code: 'HUB_ERR_LOCKER_NOT_FOUND' } })
  })

  it('out of service and back: recorded, and a locker out of service is never rented', async () => {
    const h = await hub()
    const manager = await loginAs(h.t, 'manager', 'li')
    const url = `${h.t.url}/api/manage/lockers/L1/service`
    const staff = await loginAs(h.t, 'staff')
    expect((await post(url, { inService: false, reason: '插座坏了' }, staff)).status).toBe(403)
    expect((await post(url, { inService: false }, manager)).status).toBe(400)
    expect((await post(url, { inService: false, reason: '插座坏了' }, manager)).status).toBe(200)
    const s = await h.until((x) => x.lockers[0]?.state === 'unavailable')
    expect(s.free.phone).toBe(2)
    const rented = await post(`${h.t.url}/api/lockers/rentals`, { kind: 'phone', phone: '13812345678' })
    expect(rented.body).toMatchObject({ locker: { id: 'L2' } })
    expect((await post(url, { inService: true, reason: '换了插座' }, manager)).status).toBe(200)
    expect((await journal(h, 'locker.service')).map((e) => e.data)).toEqual([
      { locker: 'L1', inService: false, user: 'li', reason: '插座坏了' },
      { locker: 'L1', inService: true, user: 'li', reason: '换了插座' },
    ])
    const figures = await getJson<{ days: { opened: number; faults: object }[] }>(
      `${h.t.url}/api/manage/lockers/figures`,
      staff,
    )
    expect(figures.body.days).toHaveLength(30)
  })
})
