import { createHmac } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { Outbox } from '../../server/notify/outbox.js'
import type { Notification, WebhookTarget } from '../../server/notify/types.js'
import { eventually } from '../support/hub.js'
import { startReceiver } from '../support/webhook-receiver.js'

const dirs: string[] = []
const outboxes: Outbox[] = []
afterEach(async () => {
  for (const o of outboxes.splice(0)) await o.stop()
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const quiet = { warn() {}, info() {} }
let seq = 0
const note = (
  severity: Notification['severity'] = 'major',
  title = '冰箱温度过高（6.2 °C）',
): Notification => ({
  id: `n${++seq}`,
  kind: 'alert.raised',
  severity,
  at: new Date().toISOString(),
  station: { id: 's1', name: '宁华社区红色驿站' },
  title,
  lines: ['设备：冰箱温度', '已持续 30 分钟'],
})

async function open(targets: WebhookTarget[], path?: string) {
  if (!path) {
    const dir = await mkdtemp(join(tmpdir(), 'redstation-outbox-'))
    dirs.push(dir)
    path = join(dir, 'outbox.json')
  }
  const o = await Outbox.open(path, {
    targets,
    clock: systemClock,
    log: quiet,
    minBackoffMs: 50,
    maxBackoffMs: 200,
  })
  outboxes.push(o)
  return { outbox: o, path }
}

describe('the webhook outbox', () => {
  it('posts generic JSON with a delivery id, only to targets taking that severity', async () => {
    const rx = await startReceiver()
    const { outbox } = await open([
      {
        id: 'all',
        format: 'json',
        url: rx.url('/all'),
        severities: ['critical', 'major', 'minor', 'warning'],
      },
      { id: 'urgent', format: 'json', url: rx.url('/urgent'), severities: ['critical'] },
    ])
    expect(await outbox.enqueue(note('major'))).toBe(1)
    await eventually(() => rx.received.length === 1)
    const [r] = rx.received
    expect(r?.path).toBe('/all')
    expect(r?.headers['x-redstation-delivery']).toMatch(/^n\d+@all$/)
    expect(r?.body).toMatchObject({
      kind: 'alert.raised',
      severity: 'major',
      title: '冰箱温度过高（6.2 °C）',
    })
  })

  it('speaks the WeCom and DingTalk robot formats, signing for DingTalk', async () => {
    const rx = await startReceiver()
    const { outbox } = await open([
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
    await outbox.enqueue(note('major'))
    await eventually(() => rx.received.length === 2)
    const wecom = rx.received.find((r) => r.path.startsWith('/cgi-bin'))
    expect(wecom?.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('冰箱温度过高') },
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
    const { outbox } = await open([{ id: 'wecom', format: 'wecom', url: rx.url(), severities: ['critical'] }])
    await outbox.enqueue(note('critical'))
    await eventually(() => outbox.stats.delivered === 1, 5000)
    expect(outbox.stats.failedAttempts).toBe(2)
    expect(rx.received).toHaveLength(3) // two refusals, then the one that was taken
  })

  it('delivers every notification exactly once, in order, to a receiver that was down for a while', async () => {
    const rx = await startReceiver()
    await rx.down()
    const { outbox } = await open([{ id: 'hook', format: 'json', url: rx.url(), severities: ['major'] }])
    const sent = [note(), note(), note(), note(), note()]
    for (const n of sent) await outbox.enqueue(n)
    await new Promise((r) => setTimeout(r, 600)) // several failed attempts with backoff
    expect(outbox.stats.failedAttempts).toBeGreaterThan(1)
    await rx.up()
    await eventually(() => rx.received.length === 5 && outbox.pending().length === 0, 5000)
    await new Promise((r) => setTimeout(r, 300))
    expect(rx.received.map((r) => (r.body as { id: string }).id)).toEqual(sent.map((n) => n.id))
  })

  it('keeps undelivered notifications across a restart and sends them once it can', async () => {
    const rx = await startReceiver()
    await rx.down()
    const first = await open([{ id: 'hook', format: 'json', url: rx.url(), severities: ['major'] }])
    const n = note()
    await first.outbox.enqueue(n)
    await first.outbox.stop()
    await rx.up()
    const second = await open(
      [{ id: 'hook', format: 'json', url: rx.url(), severities: ['major'] }],
      first.path,
    )
    second.outbox.start()
    await eventually(() => rx.received.length === 1, 5000)
    expect(rx.received[0]?.body).toMatchObject({ id: n.id })
    await new Promise((r) => setTimeout(r, 300))
    expect(rx.received).toHaveLength(1)
  })
})
