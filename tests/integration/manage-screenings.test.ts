import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Clock, systemClock } from '../../server/clock.js'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

const HOUR = 3_600_000
const at = (ms: number) => new Date(Date.now() + ms).toISOString()

type Signup = {
  code: string
  status: string
  position: number | null
  name: string | null
  phoneMasked: string
}
type Managed = {
  id: string
  title: string
  capacity: number
  seatsLeft: number
  waitlist: number
  cancelled: boolean
  signups: Signup[]
}
type Answer = {
  status: number
  body: Record<string, unknown> & { screening: Managed; code: string; message: string }
}

async function send(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
): Promise<Answer> {
  const headers: Record<string, string> = cookie ? { cookie } : {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Answer['body'] }
}

const event = (over: Record<string, unknown> = {}) => ({
  title: '免费体检（血压、血糖）',
  organiser: '社区卫生服务中心',
  start: at(24 * HOUR),
  end: at(26 * HOUR),
  place: '驿站活动室',
  capacity: 2,
  ...over,
})

let t: TestHub
let manager: string
let staff: string
const kioskList = async () =>
  (
    await getJson<{ screenings: { id: string; title: string; seatsLeft: number; waitlist: number }[] }>(
      `${t.url}/api/screenings`,
    )
  ).body.screenings
const managed = async (id: string) =>
  (await getJson<{ screenings: Managed[] }>(`${t.url}/api/manage/screenings`, staff)).body.screenings.find(
    (s) => s.id === id,
  )
const create = async (over: Record<string, unknown> = {}) => {
  const r = await send(t.url, 'POST', '/api/manage/screenings', event(over), manager)
  expect(r.status, r.body.message).toBe(201)
  return r.body.screening
}
const signUp = (id: string, phone: string, name = '陈小明') =>
  send(t.url, 'POST', `/api/screenings/${id}/signups`, { name, phone, consent: true })

beforeAll(async () => {
  t = await startTestHub({
    kiosk: { rateLimitPerMin: 10_000 },
    screenings: [{ id: 'seeded', ...event(), capacity: 20 }],
  })
  manager = await loginAs(t, 'manager')
  staff = await loginAs(t, 'staff')
})
afterAll(() => t.close())

describe('screening events managed from the console', () => {
  it('lists the config’s events for staff, with their sign-ups', async () => {
    expect(await managed('seeded')).toMatchObject({
      title: '免费体检（血压、血糖）',
      capacity: 20,
      cancelled: false,
      signups: [],
    })
  })

  it('creates an event, edits it and calls it off, and the kiosk follows each step', async () => {
    const s = await create({ title: '口腔检查' })
    expect(s).toMatchObject({
      id: expect.stringMatching(/^ev-[0-9a-f]{8}$/),
      title: '口腔检查',
      seatsLeft: 2,
      cancelled: false,
      signups: [],
    })
    expect((await kioskList()).find((x) => x.id === s.id)).toMatchObject({ title: '口腔检查', seatsLeft: 2 })

    const edited = await send(
      t.url,
      'PUT',
      `/api/manage/screenings/${s.id}`,
      event({ title: '  口腔检查（儿童）  ', place: '二楼' }),
      manager,
    )
    expect(edited).toMatchObject({
      status: 200,
      body: { screening: { id: s.id, title: '口腔检查（儿童）', place: '二楼' } },
    })
    expect((await kioskList()).find((x) => x.id === s.id)?.title).toBe('口腔检查（儿童）')

    const held = await signUp(s.id, '13800000001')
    const cancelled = await send(t.url, 'POST', `/api/manage/screenings/${s.id}/cancel`, {}, manager)
    expect(cancelled).toMatchObject({ status: 200, body: { screening: { id: s.id, cancelled: true } } })
    expect((await kioskList()).map((x) => x.id)).not.toContain(s.id)
    // To the kiosk a called-off event is gone (its screen tells the courier so); the console keeps it.
    expect(await signUp(s.id, '13800000002')).toMatchObject({
      status: 404,
      body: { code: 'HUB_ERR_SCREENING_NOT_FOUND' },
    })
    expect((await managed(s.id))?.signups).toHaveLength(1)
    expect((await send(t.url, 'POST', `/api/manage/screenings/${s.id}/cancel`, {}, manager)).status).toBe(200)
    const locked = await send(t.url, 'PUT', `/api/manage/screenings/${s.id}`, event(), manager)
    expect(locked).toMatchObject({ status: 409, body: { code: 'HUB_ERR_SCREENING_LOCKED' } })
    expect(locked.body.message).toContain('cancelled')
    // A courier may still give up the place (and so have their details deleted at once).
    const gaveUp = await send(t.url, 'DELETE', `/api/screenings/${s.id}/signups/${held.body.code}`, {
      phone: '13800000001',
    })
    expect(gaveUp.body).toEqual({ cancelled: true, promoted: false })
  })

  it('refuses to lower the capacity below the confirmed places, and gives raised places to those waiting', async () => {
    const s = await create({ capacity: 2 })
    const phones = ['13900000001', '13900000002', '13900000003', '13900000004']
    for (const p of phones) expect((await signUp(s.id, p)).status).toBe(201)

    const lower = await send(t.url, 'PUT', `/api/manage/screenings/${s.id}`, event({ capacity: 1 }), manager)
    expect(lower.status).toBe(409)
    expect(lower.body.code).toBe('HUB_ERR_CAPACITY_BELOW_CONFIRMED')
    expect(lower.body.message).toMatch(/^capacity: cannot be 1, because 2 places are already confirmed/)
    expect((await managed(s.id))?.capacity).toBe(2)

    const raise = await send(t.url, 'PUT', `/api/manage/screenings/${s.id}`, event({ capacity: 3 }), manager)
    expect(raise.status).toBe(200)
    expect(raise.body.screening.signups.map((u) => [u.phoneMasked, u.status, u.position])).toEqual([
      ['139****0001', 'confirmed', null],
      ['139****0002', 'confirmed', null],
      ['139****0003', 'confirmed', null],
      ['139****0004', 'waitlisted', 1],
    ])
    expect((await kioskList()).find((x) => x.id === s.id)).toMatchObject({ seatsLeft: 0, waitlist: 1 })
    expect(
      (await send(t.url, 'PUT', `/api/manage/screenings/${s.id}`, event({ capacity: 3 }), manager)).status,
    ).toBe(200)
  })

  it('lists sign-ups with names and full numbers for the organiser, and gives them as a CSV Excel opens', async () => {
    const s = await create({ capacity: 1, title: '眼科筛查' })
    const a = await signUp(s.id, '13512345678', '欧阳娜娜')
    const b = await signUp(s.id, '15987654321', 'Ayşe Yılmaz')
    const c = await signUp(s.id, '18611112222', '买买提·艾力')
    await send(t.url, 'DELETE', `/api/screenings/${s.id}/signups/${c.body.code}`, { phone: '18611112222' })
    const list = (await managed(s.id))?.signups
    expect(list).toEqual([
      {
        code: a.body.code,
        status: 'confirmed',
        position: null,
        name: '欧阳娜娜',
        phone: '13512345678',
        phoneMasked: '135****5678',
        at: expect.stringMatching(/Z$/),
        promotedAt: null,
        tell: null,
        toldAt: null,
      },
      {
        code: b.body.code,
        status: 'waitlisted',
        position: 1,
        name: 'Ayşe Yılmaz',
        phone: '15987654321',
        phoneMasked: '159****4321',
        at: expect.any(String),
        promotedAt: null,
        tell: null,
        toldAt: null,
      },
      {
        code: c.body.code,
        status: 'cancelled',
        position: null,
        name: null,
        phone: null,
        phoneMasked: '186****2222',
        at: expect.any(String),
        promotedAt: null,
        tell: null,
        toldAt: null,
      },
    ])

    const res = await fetch(`${t.url}/api/manage/screenings/${s.id}/signups.csv`, {
      headers: { cookie: staff },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="screening-${s.id}-signups.csv"`,
    )
    const bytes = Buffer.from(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe('确认码,状态,候补位次,姓名,手机号,报名时间,通知')
    // Issue 10.1: the organiser's sheet has the numbers to call, in full (as text, so Excel keeps them).
    expect(lines[1]).toMatch(
      new RegExp(
        `^"=""${a.body.code}""",已确认,,欧阳娜娜,"=""13512345678""",\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d,$`,
      ),
    )
    expect(lines[2]).toMatch(/,候补,1,Ayşe Yılmaz,"=""15987654321""",/)
    // Given up: the contact details went with the sign-up; only the masked number is left.
    expect(lines[3]).toMatch(/,已取消,,,186\*\*\*\*2222,/)
    expect(lines.slice(4)).toEqual([''])

    const missing = await send(t.url, 'GET', '/api/manage/screenings/nope/signups.csv', undefined, staff)
    expect(missing).toMatchObject({ status: 404, body: { code: 'HUB_ERR_SCREENING_NOT_FOUND' } })
  })

  it('shows whom to call: a courier moved up from the waiting list, everyone when the event is called off', async () => {
    const s = await create({ capacity: 1, title: '骨密度检查' })
    const first = await signUp(s.id, '13700000001', '赵一')
    await signUp(s.id, '13700000002', '钱二')
    await signUp(s.id, '13700000003', '孙三')
    await send(t.url, 'DELETE', `/api/screenings/${s.id}/signups/${first.body.code}`, {
      phone: '13700000001',
    })
    let m = (await managed(s.id)) as Managed & { toTell: number }
    expect(m.toTell).toBe(1)
    const moved = m.signups.find((u) => u.name === '钱二') as Signup & Record<string, unknown>
    expect(moved).toMatchObject({ status: 'confirmed', phone: '13700000002', tell: 'promoted' })
    expect(moved.promotedAt).toEqual(expect.stringMatching(/Z$/))

    // The manager called: marked once, by whom, and it is not owed any more.
    const told = await send(
      t.url,
      'POST',
      `/api/manage/screenings/${s.id}/signups/${moved.code}/told`,
      undefined,
      manager,
    )
    expect(told.status).toBe(200)
    expect(told.body.screening.signups.find((u) => u.code === moved.code)).toMatchObject({
      tell: null,
      toldAt: expect.stringMatching(/Z$/),
    })
    const byStaff = `/api/manage/screenings/${s.id}/signups/${moved.code}/told`
    expect((await send(t.url, 'POST', byStaff, undefined, staff)).status).toBe(403)

    // Called off: the one confirmed and the one still waiting must both hear of it.
    const off = await send(t.url, 'POST', `/api/manage/screenings/${s.id}/cancel`, undefined, manager)
    m = off.body.screening as Managed & { toTell: number }
    expect(m.toTell).toBe(2)
    expect(
      m.signups.filter((u) => (u as Signup & { tell: string }).tell === 'cancelled').map((u) => u.name),
    ).toEqual(['钱二', '孙三'])
    const csv = await (
      await fetch(`${t.url}/api/manage/screenings/${s.id}/signups.csv`, { headers: { cookie: staff } })
    ).text()
    expect(csv).toContain('钱二,"=""13700000002"""')
    expect(csv).toContain('活动取消，待通知')
  })

  it('checks what a manager sends as strictly as the kiosk does, naming every field', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ title: undefined, capacity: 0 }, ['title: required, but missing', 'capacity: expected at least 1']],
      [
        { title: '体'.repeat(61), place: '' },
        ['title: expected 1–60 characters', 'place: expected 1–80 characters'],
      ],
      [
        { start: 'tomorrow', capacity: '5' },
        ['start: expected an ISO 8601 time', 'capacity: expected a whole number'],
      ],
      [{ id: 'mine' }, ['id: unknown field']],
      [
        { title: '   ', end: at(23 * HOUR) },
        ['title: expected 1–60 characters, not blank', 'end: expected a time after start'],
      ],
      [{ start: at(-3 * HOUR), end: at(-HOUR) }, ['end: expected a time still ahead']],
    ]
    for (const [over, parts] of cases) {
      const r = await send(t.url, 'POST', '/api/manage/screenings', event(over), manager)
      expect(r.status, JSON.stringify(over)).toBe(400)
      expect(r.body.code).toBe('HUB_ERR_VALIDATION')
      for (const part of parts) expect(r.body.message).toContain(part)
    }
    const unknown = await send(t.url, 'PUT', '/api/manage/screenings/nope', event(), manager)
    expect(unknown).toMatchObject({ status: 404, body: { code: 'HUB_ERR_SCREENING_NOT_FOUND' } })
  })

  it('lets staff read but not change', async () => {
    const s = await create()
    for (const [method, path, body] of [
      ['POST', '/api/manage/screenings', event()],
      ['PUT', `/api/manage/screenings/${s.id}`, event()],
      ['POST', `/api/manage/screenings/${s.id}/cancel`, {}],
    ] as const) {
      const r = await send(t.url, method, path, body, staff)
      expect(r, `${method} ${path}`).toMatchObject({ status: 403, body: { code: 'HUB_ERR_FORBIDDEN' } })
    }
    expect((await managed(s.id))?.cancelled).toBe(false)
  })
})

describe('screening events across restarts', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('keeps created, edited and cancelled events; the config only adds ids it never had; contacts are purged after the edited end', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'redstation-manage-screenings-'))
    dirs.push(dataDir)
    let offset = 0
    const clock: Clock = { ...systemClock, now: () => Date.now() + offset }
    const seed = { id: 'seeded', ...event(), title: '配置里的活动' }
    const settings = {
      kiosk: { rateLimitPerMin: 10_000 },
      privacy: { screeningContactDays: 0 },
      screenings: [seed],
    }
    const start = (screenings = [seed]) => startTestHub({ ...settings, screenings }, { dataDir, clock })
    const list = async (hub: TestHub) =>
      (
        await getJson<{ screenings: Managed[] }>(
          `${hub.url}/api/manage/screenings`,
          await loginAs(hub, 'staff'),
        )
      ).body.screenings

    const one = await start()
    const boss = await loginAs(one, 'manager')
    const s = (
      await send(
        one.url,
        'POST',
        '/api/manage/screenings',
        event({ start: at(HOUR), end: at(2 * HOUR) }),
        boss,
      )
    ).body.screening
    await send(one.url, 'POST', `/api/screenings/${s.id}/signups`, {
      name: '陈小明',
      phone: '13700000001',
      consent: true,
    })
    await send(
      one.url,
      'PUT',
      `/api/manage/screenings/${s.id}`,
      event({ start: at(HOUR), end: at(4 * HOUR), capacity: 5 }),
      boss,
    )
    await send(one.url, 'PUT', '/api/manage/screenings/seeded', { ...event(), title: '改过的活动' }, boss)
    const gone = (await send(one.url, 'POST', '/api/manage/screenings', event(), boss)).body.screening
    await send(one.url, 'POST', `/api/manage/screenings/${gone.id}/cancel`, {}, boss)
    await one.close()

    // Three hours on: past the event's first end, not its edited one. The config changed its event and added one.
    offset = 3 * HOUR
    const two = await start([
      { ...seed, title: '配置又改了' },
      { ...seed, id: 'added', title: '新加的活动' },
    ])
    try {
      const after = await list(two)
      expect(after.find((x) => x.id === 'seeded')?.title).toBe('改过的活动')
      expect(after.find((x) => x.id === 'added')?.title).toBe('新加的活动')
      expect(after.find((x) => x.id === gone.id)?.cancelled).toBe(true)
      expect(after.find((x) => x.id === s.id)).toMatchObject({
        capacity: 5,
        signups: [{ name: '陈小明', status: 'confirmed' }],
      })
    } finally {
      await two.close()
    }

    // Past the edited end (privacy.screeningContactDays 0): the purge at start has deleted the name, and
    // the masked number with it (nothing needs it any more); the place is still counted.
    offset = 5 * HOUR
    const three = await start()
    try {
      const signups = (await list(three)).find((x) => x.id === s.id)?.signups
      expect(signups).toEqual([expect.objectContaining({ name: null, phoneMasked: '', status: 'confirmed' })])
    } finally {
      await three.close()
    }
    expect(await readFile(join(dataDir, 'private', 'contacts.json'), 'utf8')).not.toContain('陈小明')
  })
})
