// A stand-in for the station hub, just enough for the kiosk: the built kiosk as static files,
// GET /api/state, and socket.io sending `state` on connect. Replace with the real hub when it is ready.
import { readFile } from 'node:fs/promises'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { Server } from 'socket.io'
import type { DeviceState, StationState, UnregisteredDevice } from '../../kiosk-ui/src/lib/types.js'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export interface StandInHub {
  url: string
  port: number
  state: StationState
  /** Patches one device, as the hub does when a reading arrives, and pushes it to every kiosk. */
  emitDevice(device: DeviceState): void
  emitUnregistered(device: UnregisteredDevice): void
  close(): Promise<void>
}

export interface StandInOptions {
  /** Folder of the built kiosk (dist/kiosk). */
  root: string
  state: StationState
  /** 0 picks a free port; pass the old port to come back where the kiosk expects us. */
  port?: number
}

export async function startStandInHub({ root, state, port = 0 }: StandInOptions): Promise<StandInHub> {
  const current: StationState = structuredClone(state)
  const http: HttpServer = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname
    if (path === '/api/state') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(current))
      return
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)))
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      res.writeHead(403).end()
      return
    }
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  const io = new Server(http)
  io.on('connection', (socket) => {
    socket.emit('state', current)
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, '127.0.0.1', () => resolve())
  })
  const actual = (http.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    state: current,
    emitDevice(device) {
      const i = current.devices.findIndex((d) => d.id === device.id)
      if (i === -1) current.devices.push(device)
      else current.devices[i] = device
      io.emit('device', device)
    },
    emitUnregistered(device) {
      current.unregistered = [...current.unregistered.filter((d) => d.id !== device.id), device]
      io.emit('unregistered', device)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // io.close() disconnects every socket, then closes the HTTP server; drop idle keep-alives too.
        io.close((err) => (err ? reject(err) : resolve()))
        http.closeAllConnections()
      }),
  }
}
