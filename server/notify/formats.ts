import { createHmac } from 'node:crypto'
import type { Notification, WebhookTarget } from './types.js'

const SEVERITY_ZH = { critical: '紧急', major: '重要', minor: '一般', warning: '提示' } as const
const KIND_ZH = {
  'alert.raised': '新告警',
  'alert.reminder': '告警仍未确认',
  'alert.escalated': '告警升级：站长未确认',
  'alert.cleared': '告警已解除',
  test: '测试消息',
} as const

/** WeCom allows 4096 bytes of markdown; DingTalk about 20000. Cut by bytes, never mid-character. */
function clip(text: string, maxBytes: number): string {
  const buf = Buffer.from(text)
  if (buf.length <= maxBytes) return text
  return `${buf
    .subarray(0, maxBytes - 3)
    .toString('utf8')
    .replace(/\uFFFD$/, '')}…`
}

function heading(n: Notification): string {
  return `【${SEVERITY_ZH[n.severity]}】${KIND_ZH[n.kind]} · ${n.station.name}`
}

/** The request for one target: where to POST and what. */
export function shape(n: Notification, target: WebhookTarget, now: number): { url: string; body: unknown } {
  const mentions = target.mentionMobiles ?? []
  if (target.format === 'wecom') {
    // WeCom group robot (企业微信群机器人): markdown cannot @-mention by phone, so a mention goes in a text message.
    if (mentions.length > 0) {
      const content = clip([heading(n), n.title, ...n.lines].join('\n'), 2048)
      return {
        url: target.url,
        body: { msgtype: 'text', text: { content, mentioned_mobile_list: mentions } },
      }
    }
    const colour = n.severity === 'critical' || n.severity === 'major' ? 'warning' : 'comment'
    const content = clip(
      [
        `### <font color="${colour}">${heading(n)}</font>`,
        `**${n.title}**`,
        ...n.lines.map((l) => `> ${l}`),
      ].join('\n'),
      4096,
    )
    return { url: target.url, body: { msgtype: 'markdown', markdown: { content } } }
  }
  if (target.format === 'dingtalk') {
    // DingTalk custom robot (钉钉自定义机器人): with 加签, sign = base64(HmacSHA256(secret, `${timestamp}\n${secret}`)).
    let url = target.url
    if (target.secret) {
      const sign = createHmac('sha256', target.secret).update(`${now}\n${target.secret}`).digest('base64')
      url += `${url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${encodeURIComponent(sign)}`
    }
    const at = mentions.map((m) => `@${m}`).join(' ')
    const text = clip(
      [`#### ${heading(n)}`, `**${n.title}**`, ...n.lines.map((l) => `- ${l}`), at].join('\n\n'),
      18000,
    )
    return {
      url,
      body: {
        msgtype: 'markdown',
        markdown: { title: n.title, text },
        at: { atMobiles: mentions, isAtAll: false },
      },
    }
  }
  return {
    url: target.url,
    body: {
      id: n.id,
      kind: n.kind,
      severity: n.severity,
      at: n.at,
      station: n.station,
      title: n.title,
      lines: n.lines,
      alert: n.alert ?? null,
    },
  }
}

/**
 * Whether the receiver took it. WeCom and DingTalk answer HTTP 200 even when they refuse (rate limit 45009,
 * bad signature 310000…), with a non-zero errcode in the body: that is a failure to retry.
 */
export function accepted(target: WebhookTarget, status: number, body: string): { ok: boolean; why?: string } {
  if (status < 200 || status >= 300) return { ok: false, why: `HTTP ${status}` }
  if (target.format === 'json') return { ok: true }
  try {
    const r = JSON.parse(body) as { errcode?: number; errmsg?: string }
    if (r.errcode === 0) return { ok: true }
    return { ok: false, why: `errcode ${r.errcode}: ${String(r.errmsg).slice(0, 80)}` }
  } catch {
    return { ok: false, why: 'answer is not JSON' }
  }
}

export interface DeliveryOptions {
  now: number
  /** `x-redstation-delivery`: the same id on every attempt, so a receiver can drop repeats. */
  deliveryId: string
  userAgent: string
  timeoutMs: number
}

/**
 * Posts a notification to a target in its format and says whether the target took it: a non-2xx, a WeCom or
 * DingTalk errcode, a timeout or a network error is a failure with its reason.
 */
export async function deliver(
  n: Notification,
  target: WebhookTarget,
  o: DeliveryOptions,
): Promise<{ ok: boolean; why?: string }> {
  const { url, body } = shape(n, target, o.now)
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-redstation-delivery': o.deliveryId,
        'user-agent': o.userAgent,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    })
    return accepted(target, res.status, await res.text())
  } catch (err) {
    return { ok: false, why: (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message }
  }
}
