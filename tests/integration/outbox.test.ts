import { createHmac } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Alert } from '../../server/alerts/types.js'
import { systemClock } from '../../server/clock.js'
import { Outbox } from '../../server/notify/outbox.js'
import type { WebhookTarget } from '../../server/notify/types.js'
import type { Store } from '../../server/store/store.js'
import { StationTime } from '../../server/time/station-time.js'
import { eventually } from '../support/hub.js'
import { openTestStore } from '../support/store.js'
import { startReceiver } from '../support/webhook-receiver.js'

const dirs: string[] = []
const running: { outbox: Outbox; store: Store }[] = []
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.outbox.stop()
    await r.store.close()
  }
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const quiet = { warn() {}, info() {} }
let n = 0
const alert = (severity: Alert['severity'] = 'major'): Alert => {
  const at = new Date().toISOString()
  return {
    id: `a${++n}`,
    key: `fridge-temp:temperature-high:${n}`,
    subject: 'fridge-temp',
    subjectName: '冰箱温度',
    type: 'temperature-high',
    severity,
    state: 'active',
    since: at,
    raisedAt: at,
    lastAt: at,
    count: 1,
    value: 6.2,
    peak: 6.2,
    ackBy: null,
    ackAt: null,
    clearedAt: null,
    clearedBy: null,
    note: null,
    context: { limit: 5 },
  }
}

/** A store in `dir` (a new one unless given) and an outbox following its journal. */
async function open(targets: WebhookTarget[], dir?: string) {
  if (!dir) {
    dir = await mkdtemp(join(tmpdir(), 'redstation-outbox-'))
    dirs.push(dir)
  }
  const store = await openTestStore(dir)
  const outbox = new Outbox(store, {
    targets,
    escalateTo: [],
    station: { id: 's1', name: '宁华社区红色驿站' },
    clock: systemClock,
    time: new StationTime(),
    log: quiet,
    minBackoffMs: 50,
    maxBackoffMs: 200,
  })
  outbox.start()
  running.push({ outbox, store })
  /** An alert raised, as the alert engine journals it. */
  const raise = (a: Alert) => store.commit((tx) => tx.append('alert.raised', a))
  return { outbox, store, dir, raise }
}

const idle = (o: Outbox) => o.pending().every((p) => p.queued === 0 && !p.behind)

describe('the webhook outbox', () => {
  it('posts generic JSON with a delivery id, only to targets taking that severity', async () => {
    const rx = await startReceiver()
    const { raise } = await open([
      {
        id: 'all',
        format: 'json',
        url: rx.url('/all'),
        severities: ['critical', 'major', 'minor', 'warning'],
      },
      { id: 'urgent', format: 'json', url: rx.url('/urgent'), severities: ['critical'] },
    ])
    await raise(alert('major'))
    await eventually(() => rx.received.length === 1)
    const [r] = rx.received
    expect(r?.path).toBe('/all')
    expect(r?.headers['x-redstation-delivery']).toMatch(/^s1-\d+@all$/)
    expect(r?.body).toMatchObject({
      kind: 'alert.raised',
      severity: 'major',
      title: expect.stringContaining('冰箱温度'),
    })
  })

  it('speaks the WeCom and DingTalk robot formats, signing for DingTalk', async () => {
    const rx = await startReceiver()
    const { raise } = await open([
      { id: 'wecom', format: 'wecom', url: rx.url('/cgi-bin/webhook/send?key=k'), severities: ['major'] },
      {
        id: 'ding',
        format: 'dingtalk',
        url: rx.url('/robot/send?access_token=t'),
        secret: 'SECabc',
        severities: ['major'],
        mentionMobiles: ['13812341234'],
      },
    ])
    await raise(alert('major'))
    await eventually(() => rx.received.length === 2)
    const wecom = rx.received.find((r) => r.path.startsWith('/cgi-bin'))
    expect(wecom?.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('冰箱温度') },
    })
    const ding = rx.received.find((r) => r.path.startsWith('/robot'))
    expect(ding?.body).toMatchObject({
      msgtype: 'markdown',
      at: { atMobiles: ['13812341234'], isAtAll: false },
    })
    const q = new URL(`http://x${ding?.path}`).searchParams
    const expected = createHmac('sha256', 'SECabc')
      .update(`${q.get('timestamp')}\nSECabc`)
      .digest('base64')
    expect(q.get('sign')).toBe(expected)
  })

  it('retries a robot that answers 200 with an errcode (rate limited) until it takes the message', async () => {
    let refusals = 2
    const rx = await startReceiver(() =>
      refusals-- > 0
        ? { status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' }
        : { status: 200, body: '{"errcode":0}' },
    )
    const { outbox, raise } = await open([
      { id: 'wecom', format: 'wecom', url: rx.url(), severities: ['critical'] },
    ])
    await raise(alert('critical'))
    await eventually(() => outbox.stats.delivered === 1, 5000)
    expect(outbox.stats.failedAttempts).toBe(2)
    expect(rx.received).toHaveLength(3) // two refusals, then the one that was taken
  })

  it('delivers every notification exactly once, in order, to a receiver that was down for a while', async () => {
    const rx = await startReceiver()
    await rx.down()
    const { outbox, raise } = await open([
      { id: 'hook', format: 'json', url: rx.url(), severities: ['major'] },
    ])
    const sent = [alert(), alert(), alert(), alert(), alert()]
    for (const a of sent) await raise(a)
    await new Promise((r) => setTimeout(r, 600)) // several failed attempts with backoff
    expect(outbox.stats.failedAttempts).toBeGreaterThan(1)
    await rx.up()
    await eventually(() => rx.received.length === 5 && idle(outbox), 5000)
    await new Promise((r) => setTimeout(r, 300))
    expect(rx.received.map((r) => (r.body as { alert: { id: string } }).alert.id)).toEqual(
      sent.map((a) => a.id),
    )
  })

  it('keeps undelivered notifications across a restart and sends them once it can', async () => {
    const rx = await startReceiver()
    await rx.down()
    const first = await open([{ id: 'hook', format: 'json', url: rx.url(), severities: ['major'] }])
    const a = alert()
    await first.raise(a)
    await first.outbox.stop()
    await first.store.close()
    running.length = 0
    await rx.up()
    const second = await open(
      [{ id: 'hook', format: 'json', url: rx.url(), severities: ['major'] }],
      first.dir,
    )
    await eventually(() => rx.received.length === 1, 5000)
    expect(rx.received[0]?.body).toMatchObject({ alert: { id: a.id } })
    await new Promise((r) => setTimeout(r, 300))
    expect(rx.received).toHaveLength(1)
    await second.raise(alert())
    await eventually(() => rx.received.length === 2, 5000)
  })
})
