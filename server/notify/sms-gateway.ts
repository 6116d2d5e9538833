/**
 * A generic HTTP SMS gateway (notify.sms): one JSON POST per message, `{ id, to, text }`, with
 * `authorization: Bearer <token>` when a token is set. Any 2xx is taken as sent. A provider with another
 * shape (Alibaba Cloud SMS, Tencent Cloud SMS: templates and signatures) sits behind a small adapter that
 * takes this POST.
 */
export interface SmsConfig {
  url: string
  token?: string
}

export interface SmsGateway {
  /** `id` is unique per message, so a gateway can drop a repeat after a retry. */
  send(msg: { id: string; to: string; text: string }): Promise<{ ok: boolean; why?: string }>
}

export function httpSmsGateway(config: SmsConfig, timeoutMs = 10_000): SmsGateway {
  return {
    async send(msg) {
      try {
        const res = await fetch(config.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'red-station-hub',
            ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
          },
          body: JSON.stringify(msg),
          signal: AbortSignal.timeout(timeoutMs),
        })
        await res.arrayBuffer()
        return res.ok ? { ok: true } : { ok: false, why: `HTTP ${res.status}` }
      } catch (err) {
        const e = err as Error
        return { ok: false, why: e.name === 'TimeoutError' ? 'timed out' : e.message }
      }
    },
  }
}
