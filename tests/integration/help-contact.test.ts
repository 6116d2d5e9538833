// Issue 10.1: a number a courier leaves "so staff can contact you" must reach the people who make the call
// (the console in full, the webhook in full) for as long as the help lasts and no longer; the journal and
// every file outside private/ never hold it.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'
import { startReceiver } from '../support/webhook-receiver.js'

const PHONE = '13812341234'
type A = { id: string; type: string; phone?: string; context: Record<string, unknown> }

let rx: Awaited<ReturnType<typeof startReceiver>>
const dirs: string[] = []
beforeAll(async () => {
  rx = await startReceiver()
})
afterAll(async () => {
  await rx?.down()
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function hubWith(helpContactMinutes: number, dataDir?: string): Promise<TestHub> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'redstation-help-')))
  dirs.push(dir)
  return startTestHub(
    {
      privacy: { helpContactMinutes },
      alerts: { offline: { enabled: false } },
      notify: { webhooks: [{ id: 'duty', format: 'json', url: rx.url('/duty'), severities: ['critical'] }] },
    },
    { dataDir: dir },
  )
}

async function ask(t: TestHub, body: object): Promise<string> {
  const res = await fetch(`${t.url}/api/help`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

const helpAlert = async (t: TestHub, cookie: string, helpId: string) =>
  (await getJson<{ alerts: A[] }>(`${t.url}/api/manage/alerts`, cookie)).body.alerts.find(
    (a) => a.type === 'help' && (a as unknown as { subject: string }).subject === helpId,
  )

async function filesOutsidePrivate(dir: string): Promise<string> {
  let all = ''
  for (const f of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(f.parentPath, f.name)
    if (f.isFile() && !path.startsWith(join(dir, 'private'))) all += await readFile(path, 'utf8')
  }
  return all
}

describe('a help request’s number', () => {
  it('reaches the console and the webhook in full while the alert is open; the journal has it masked', async () => {
    const t = await hubWith(60)
    try {
      const cookie = await loginAs(t, 'manager')
      rx.received.length = 0
      const id = await ask(t, { reason: 'injured', phone: PHONE })
      const open = await eventually(() => helpAlert(t, cookie, id))
      expect(open).toMatchObject({ phone: PHONE, context: { phoneMasked: '138****1234' } })

      const sent = await eventually(() =>
        rx.received.find((r) => (r.body as { kind: string }).kind === 'alert.raised'),
      )
      const body = sent.body as { lines: string[]; alert: A }
      expect(body.lines).toContain(`联系电话：${PHONE}`)
      expect(body.lines[0]).toBe('求助原因：受伤')
      expect(body.alert.phone).toBe(PHONE)

      // Without a number: nothing to call, and the webhook says so.
      const none = await ask(t, { reason: 'unwell' })
      expect((await eventually(() => helpAlert(t, cookie, none))).phone).toBeUndefined()
    } finally {
      await t.close()
    }
    // Closed (no write in flight): the number is in the private document and nowhere else.
    expect(await readFile(join(t.dataDir, 'private', 'help-contacts.json'), 'utf8')).toContain(PHONE)
    expect(await filesOutsidePrivate(t.dataDir)).not.toContain(PHONE)
  })

  it('stays helpContactMinutes after the alert is resolved, then is gone from the console, the file and a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redstation-help-'))
    let t = await hubWith(60, dir)
    const cookie = await loginAs(t, 'manager')
    const id = await ask(t, { reason: 'other', phone: PHONE })
    const a = await eventually(() => helpAlert(t, cookie, id))
    const res = await fetch(`${t.url}/api/manage/alerts/${a.id}/resolve`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '已回电，骑手已离开' }),
    })
    expect(await res.json()).toMatchObject({ alert: { state: 'cleared', phone: PHONE } })
    const history = await getJson<{ alerts: A[] }>(`${t.url}/api/manage/alerts/history`, cookie)
    expect(history.body.alerts.find((h) => h.id === a.id)?.phone).toBe(PHONE)
    const file = join(dir, 'private', 'help-contacts.json')
    const resolvedAt = await eventually<string>(
      async () => JSON.parse(await readFile(file, 'utf8')).contacts[id].resolvedAt ?? undefined,
    )
    expect(Date.now() - Date.parse(resolvedAt)).toBeLessThan(60_000)
    await t.close()

    // The same station set to keep numbers 0 minutes after the help: the restart deletes it before serving.
    t = await hubWith(0, dir)
    try {
      const again = await loginAs(t, 'manager')
      const after = await getJson<{ alerts: A[] }>(`${t.url}/api/manage/alerts/history`, again)
      expect(after.body.alerts.find((h) => h.id === a.id)?.phone).toBeUndefined()
      expect(await readFile(join(dir, 'private', 'help-contacts.json'), 'utf8')).not.toContain(PHONE)
    } finally {
      await t.close()
    }
  })

  it('with no time to keep, is deleted as the alert is resolved', async () => {
    const t = await hubWith(0)
    try {
      const cookie = await loginAs(t, 'manager')
      const id = await ask(t, { reason: 'unwell', phone: PHONE })
      const a = await eventually(() => helpAlert(t, cookie, id))
      await fetch(`${t.url}/api/manage/alerts/${a.id}/resolve`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ note: '已处理' }),
      })
      await eventually(
        async () =>
          !(await readFile(join(t.dataDir, 'private', 'help-contacts.json'), 'utf8')).includes(PHONE),
      )
      const history = await getJson<{ alerts: A[] }>(`${t.url}/api/manage/alerts/history`, cookie)
      expect(history.body.alerts.find((h) => h.id === a.id)?.phone).toBeUndefined()
    } finally {
      await t.close()
    }
  })
})
