import { request } from 'node:http'
import { connect as tcp } from 'node:net'
import { io as ioClient } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, loginAs, startTestHub, type TestHub } from '../support/hub.js'

/** Issue 9 points 8, 9, 10: Origin checks, a proxy's HTTPS, and requests that never finish. */
let t: TestHub
let manager: string

beforeAll(async () => {
  t = await startTestHub({
    http: { allowedOrigins: ['https://console.example.org'], requestTimeoutSec: 2 },
  })
  manager = await loginAs(t, 'manager')
})
afterAll(() => t.close())

function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

const notice = JSON.stringify({ category: 'jobs', title: '招聘', body: '' })
const notices = async () =>
  (await getJson<{ notices: unknown[] }>(`${t.url}/api/manage/notices`, manager)).body.notices.length

describe('writes with a session cookie from another site', () => {
  it('are refused (403 HUB_ERR_BAD_ORIGIN) before they change anything', async () => {
    const before = await notices()
    const otherPort = t.url.replace(/:\d+$/, ':1')
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: otherPort }, // another port on the same host: SameSite=Strict does not cover it
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of foreign) {
      const res = await send(
        'POST',
        `${t.url}/api/manage/notices`,
        {
          ...headers,
          cookie: manager,
          'content-type': 'application/json',
        },
        notice,
      )
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect(res.json, JSON.stringify(headers)).toMatchObject({ code: 'HUB_ERR_BAD_ORIGIN' })
    }
    // The alert acknowledgement of the report: a text/plain body, which a foreign page may send freely.
    const ack = await send(
      'POST',
      `${t.url}/api/manage/alerts/a-1/ack`,
      {
        origin: 'http://evil.example',
        cookie: manager,
        'content-type': 'text/plain',
      },
      '{}',
    )
    expect(ack.json).toMatchObject({ code: 'HUB_ERR_BAD_ORIGIN' })
    expect(await notices()).toBe(before)
  })

  it('are taken from the hub’s own pages, from origins in http.allowedOrigins, and from non-browsers', async () => {
    const before = await notices()
    const good: Record<string, string>[] = [
      { origin: t.url, 'sec-fetch-site': 'same-origin' },
      { origin: 'https://console.example.org', 'sec-fetch-site': 'cross-site' },
      {},
    ]
    for (const headers of good) {
      const res = await send(
        'POST',
        `${t.url}/api/manage/notices`,
        {
          ...headers,
          cookie: manager,
          'content-type': 'application/json',
        },
        notice,
      )
      expect(res.status, JSON.stringify(headers)).toBe(201)
    }
    expect(await notices()).toBe(before + 3)
  })

  it('cannot join the /manager socket from another origin', async () => {
    const join = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = ioClient(`${t.url}/manager`, {
          transports: ['websocket'],
          reconnection: false,
          extraHeaders: { cookie: manager, origin },
        })
        socket.on('alerts', () => {
          socket.close()
          resolve('joined')
        })
        socket.on('connect_error', (err) => {
          socket.close()
          resolve(err.message)
        })
      })
    expect(await join('http://evil.example')).toMatch(/origin/)
    expect(await join(t.url)).toBe('joined')
  })
})

describe('behind an HTTPS reverse proxy', () => {
  const login = (url: string, proto: string) =>
    send(
      'POST',
      `${url}/api/auth/login`,
      { 'content-type': 'application/json', 'x-forwarded-proto': proto },
      '{"name":"manager-1","password":"correct horse battery"}',
    )

  it('gives the session cookie Secure when http.trustProxy says the proxy is trusted', async () => {
    const proxied = await startTestHub({ http: { trustProxy: '127.0.0.1' } })
    try {
      await loginAs(proxied, 'manager')
      const res = await login(proxied.url, 'https')
      expect(res.status).toBe(200)
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/)
    } finally {
      await proxied.close()
    }
  })

  it('ignores X-Forwarded-Proto from anyone when no proxy is trusted', async () => {
    const res = await login(t.url, 'https')
    expect(res.status).toBe(200)
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/)
  })
})

describe('requests that never finish', () => {
  it('are cut off: a body trickling a byte at a time, or headers that never end', async () => {
    const { port } = new URL(t.url)
    const started = Date.now()
    const slow = Array.from(
      { length: 20 },
      (_, i) =>
        new Promise<{ closedAfterMs: number; answer: string }>((resolve) => {
          const socket = tcp(Number(port), '127.0.0.1')
          let answer = ''
          socket.on('data', (d) => (answer += d))
          socket.on('error', () => {})
          socket.once('connect', () => {
            if (i % 2 === 0)
              socket.write(
                'POST /api/checkins HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{',
              )
            else socket.write('GET /api/state HTTP/1.1\r\nHost: x\r\n')
          })
          const drip = setInterval(() => socket.write(i % 2 === 0 ? ' ' : 'x-slow: 1\r\n'), 300)
          socket.once('close', () => {
            clearInterval(drip)
            resolve({ closedAfterMs: Date.now() - started, answer })
          })
          // The test's own limit: a connection still open after 8 s fails the test (and is ended).
          setTimeout(() => socket.destroy(), 8000).unref()
        }),
    )
    const closed = await Promise.all(slow)
    for (const c of closed) expect(c.closedAfterMs).toBeLessThan(7000)
    expect(closed.filter((c) => c.answer.startsWith('HTTP/1.1 408')).length).toBeGreaterThan(0)
    expect((await getJson(`${t.url}/api/health`)).status).toBe(200)
  })
})
