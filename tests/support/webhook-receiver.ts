import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

/**
 * A webhook receiver on 127.0.0.1 that records what it gets. `answer` decides the reply (a WeCom or
 * DingTalk robot answers 200 with an errcode); `down()` closes the port and `up()` reopens the same one.
 */
export async function startReceiver(
  answer: (r: Received) => { status: number; body: string } = () => ({
    status: 200,
    body: '{"errcode":0,"errmsg":"ok"}',
  }),
) {
  const received: Received[] = []
  let server: Server
  let port = 0
  const listen = async () => {
    server = createServer((req, res) => {
      let text = ''
      req.on('data', (d) => (text += d))
      req.on('end', () => {
        const r: Received = { path: req.url ?? '', headers: req.headers, body: JSON.parse(text || 'null') }
        const a = answer(r)
        if (a.status >= 200 && a.status < 300) received.push(r)
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body)
      })
    })
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  }
  await listen()
  return {
    received,
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    async down() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
    up: listen,
  }
}
