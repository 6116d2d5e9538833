import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

const DAY = 86_400_000
const at = (ms: number) => new Date(Date.now() + ms).toISOString()

type Notice = {
  id: string
  category: string
  title: string
  body: string
  until: string | null
  expired: boolean
}
type Answer = { status: number; body: { notice: Notice; code: string; message: string } }

const settings = {
  notices: [
    { id: 'jobs-1', category: 'jobs', title: '站点招聘骑手', body: '联系站长' },
    { id: 'old', category: 'legal', title: '法律援助日', body: '已结束', until: '2020-01-01T10:00:00+08:00' },
  ],
}

let t: TestHub
let manager: string
let staff: string
let dataDir: string

async function send(
  method: string,
  path: string,
  body?: unknown,
  cookie = manager,
  url = t.url,
): Promise<Answer> {
  const headers: Record<string, string> = { cookie }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Answer['body'] }
}
const kiosk = async (url = t.url) =>
  (await getJson<{ notices: Record<string, unknown>[] }>(`${url}/api/notices`)).body.notices
const managed = async (url = t.url, cookie = staff) =>
  (await getJson<{ notices: Notice[] }>(`${url}/api/manage/notices`, cookie)).body.notices

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-manage-notices-'))
  t = await startTestHub(settings, { dataDir })
  manager = await loginAs(t, 'manager')
  staff = await loginAs(t, 'staff')
})
afterAll(async () => {
  await t.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('notices managed from the console', () => {
  it('lists every notice for staff, expired ones too; the kiosk only those in force', async () => {
    expect(await managed()).toEqual([
      {
        id: 'jobs-1',
        category: 'jobs',
        title: '站点招聘骑手',
        body: '联系站长',
        until: null,
        expired: false,
      },
      {
        id: 'old',
        category: 'legal',
        title: '法律援助日',
        body: '已结束',
        until: '2020-01-01T02:00:00.000Z',
        expired: true,
      },
    ])
    expect((await kiosk()).map((n) => n.id)).toEqual(['jobs-1'])
  })

  it('puts up, changes and takes down a notice, and the kiosk follows', async () => {
    const made = await send('POST', '/api/manage/notices', {
      category: 'insurance',
      title: ' 灵活就业社保 ',
      body: '每周三\r\n社保窗口',
      until: at(7 * DAY),
    })
    expect(made.status).toBe(201)
    const n = made.body.notice
    expect(n).toMatchObject({
      id: expect.stringMatching(/^n-[0-9a-f]{8}$/),
      title: '灵活就业社保',
      body: '每周三\n社保窗口',
      expired: false,
    })
    expect(n.until).toMatch(/Z$/)
    expect(await kiosk()).toContainEqual({
      id: n.id,
      category: 'insurance',
      title: '灵活就业社保',
      body: '每周三\n社保窗口',
      until: n.until,
    })

    const edited = await send('PUT', `/api/manage/notices/${n.id}`, {
      category: 'insurance',
      title: '社保咨询',
      body: '每周四',
      until: null,
    })
    expect(edited).toMatchObject({
      status: 200,
      body: { notice: { id: n.id, title: '社保咨询', until: null, expired: false } },
    })
    expect((await kiosk()).find((x) => x.id === n.id)?.title).toBe('社保咨询')

    const expired = await send('POST', `/api/manage/notices/${n.id}/expire`, {})
    expect(expired.status).toBe(200)
    expect(expired.body.notice.expired).toBe(true)
    expect(Math.abs(Date.parse(expired.body.notice.until ?? '') - Date.now())).toBeLessThan(5000)
    expect((await kiosk()).map((x) => x.id)).not.toContain(n.id)
    expect((await managed()).find((x) => x.id === n.id)?.expired).toBe(true)
    // Expiring again keeps the time it ended.
    expect((await send('POST', `/api/manage/notices/${n.id}/expire`, {})).body.notice.until).toBe(
      expired.body.notice.until,
    )
    // An end put back in the future shows it again.
    await send('PUT', `/api/manage/notices/${n.id}`, {
      category: 'insurance',
      title: '社保咨询',
      body: '',
      until: at(DAY),
    })
    expect((await kiosk()).map((x) => x.id)).toContain(n.id)
  })

  it('a notice made with an end already past is kept but not shown', async () => {
    const r = await send('POST', '/api/manage/notices', {
      category: 'other',
      title: '旧闻',
      body: '',
      until: at(-DAY),
    })
    expect(r).toMatchObject({ status: 201, body: { notice: { expired: true } } })
    expect((await kiosk()).map((x) => x.id)).not.toContain(r.body.notice.id)
  })

  it('names every field it refuses, and answers 404 for an unknown notice', async () => {
    const cases: [unknown, string[]][] = [
      [{ title: 'x', body: '' }, ['category: required, but missing']],
      [
        { category: 'news', title: '', body: 'x'.repeat(501) },
        [
          'category: expected one of jobs, legal',
          'title: expected 1–60 characters',
          'body: expected at most 500 characters',
        ],
      ],
      [{ category: 'jobs', title: '  ', body: '' }, ['title: expected 1–60 characters, not blank']],
      [
        { category: 'jobs', title: '两\n行', body: '' },
        ['title: expected 1–60 characters, not blank, on one line'],
      ],
      [
        { category: 'jobs', title: 't', body: '', until: 'next week' },
        ['until: expected an ISO 8601 time with its offset, or null'],
      ],
      [{ category: 'jobs', title: 't', body: '', id: 'mine' }, ['id: unknown field']],
      // Invisible titles, and text that reorders itself on screen (a right-to-left override), are refused.
      [
        { category: 'jobs', title: '\u200b\u200b\u2060\ufeff', body: '' },
        ['title: expected 1–60 characters, not blank'],
      ],
      [{ category: 'jobs', title: '\u3000\u200d', body: '' }, ['title: expected 1–60 characters, not blank']],
      [
        { category: 'jobs', title: '招聘\u202egpj.exe', body: '' },
        ['title: expected text without direction overrides'],
      ],
      [
        { category: 'jobs', title: 'ok', body: '电话 \u2067138\u2069' },
        ['body: expected text without direction overrides'],
      ],
    ]
    for (const [body, parts] of cases) {
      const r = await send('POST', '/api/manage/notices', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.code).toBe('HUB_ERR_VALIDATION')
      for (const part of parts) expect(r.body.message).toContain(part)
    }
    const body = { category: 'jobs', title: 't', body: '' }
    expect(await send('PUT', '/api/manage/notices/nope', body)).toMatchObject({
      status: 404,
      body: { code: 'HUB_ERR_NOTICE_NOT_FOUND' },
    })
    expect((await send('POST', '/api/manage/notices/nope/expire', {})).status).toBe(404)
  })

  it('lets staff read but not change', async () => {
    const body = { category: 'jobs', title: 't', body: '' }
    for (const [method, path] of [
      ['POST', '/api/manage/notices'],
      ['PUT', '/api/manage/notices/jobs-1'],
      ['POST', '/api/manage/notices/jobs-1/expire'],
    ] as const) {
      const r = await send(method, path, body, staff)
      expect(r, `${method} ${path}`).toMatchObject({ status: 403, body: { code: 'HUB_ERR_FORBIDDEN' } })
    }
    expect((await kiosk()).map((x) => x.id)).toContain('jobs-1')
  })

  it('keeps notices made and changed in the console across a restart; the config does not bring back what was changed', async () => {
    await send('PUT', '/api/manage/notices/jobs-1', { category: 'jobs', title: '招聘已改', body: '联系站长' })
    const before = await managed()
    await t.close()
    t = await startTestHub(settings, { dataDir })
    const after = await managed(t.url, await loginAs(t, 'staff'))
    expect(after).toEqual(before)
    expect(after.find((x) => x.id === 'jobs-1')?.title).toBe('招聘已改')
  })
})
