/**
 * What the uplink benchmarks share: the built station hub as its own process (`node dist/server/main.js
 * --config …`, as a station runs it), its health, a paced check-in load that times every answer, and a
 * link that can be cut: a TCP relay between the station and the district broker.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import { freePort, monoMs, repoRoot, sleep } from './lib.js'

export interface StationProcess {
  child: ChildProcess
  pid: number
  url: string
  stop(): Promise<void>
}

export interface UplinkHealth {
  state: string
  backlog: number
  cursor: number
  events: number
  batches: number
  resent: number
}

/** Writes a station file into `root` and returns its path; `uplink` absent: nothing leaves the station. */
export async function stationConfig(
  root: string,
  name: string,
  o: { id: string; uplink?: Record<string, unknown> },
): Promise<string> {
  const file = join(root, `${name}.json`)
  await writeFile(
    file,
    JSON.stringify({
      station: { id: o.id, name: '基准驿站' },
      http: { host: '127.0.0.1', port: await freePort() },
      mqtt: { embedded: { host: '127.0.0.1', port: 0, allowAnonymous: true } },
      store: { dataDir: join(root, `${name}-data`) },
      devices: [
        { id: 'fridge-temp', kind: 'temperature', name: '冰箱温度' },
        { id: 'medbox-ibuprofen', kind: 'stock', name: '药箱·布洛芬' },
      ],
      // The limiter's one-minute window must not cut a load short: the benches measure the durable path.
      kiosk: { rateLimitPerMin: 10_000_000 },
      ...(o.uplink ? { uplink: o.uplink } : {}),
    }),
  )
  return file
}

/** Starts the built hub on `config` and waits for its first 200 from /api/health. */
export async function spawnStation(config: string): Promise<StationProcess> {
  const { http } = JSON.parse(await readFile(config, 'utf8')) as { http: { port: number } }
  const url = `http://127.0.0.1:${http.port}`
  const child = spawn(process.execPath, ['dist/server/main.js', '--config', config], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  })
  let err = ''
  child.stderr?.on('data', (c) => {
    err = (err + c).slice(-5000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  for (const t0 = monoMs(); ; await sleep(50)) {
    if (child.exitCode !== null) throw new Error(`the station exited: ${err}`)
    if (monoMs() - t0 > 120_000) throw new Error(`the station did not answer in 120 s: ${err}`)
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) break
  }
  return {
    child,
    pid: child.pid as number,
    url,
    async stop() {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export async function uplinkHealth(url: string): Promise<UplinkHealth> {
  const r = await fetch(`${url}/api/health`)
  const body = (await r.json()) as { uplink?: UplinkHealth }
  if (!body.uplink) throw new Error('the station reports no uplink in /api/health')
  return body.uplink
}

/** A valid mainland mobile number for counter `i`, as tests/bench/checkins.lua makes them. */
const phone = (i: number) => `1${3 + (i % 7)}${String(Math.floor(i / 7) % 1e9).padStart(9, '0')}`

export interface PacedResult {
  /** Milliseconds of each answered check-in (2xx). */
  latencies: number[]
  failed: number
  seconds: number
}

/**
 * Check-ins at a steady `perSec` (open loop: sent on schedule whether or not the earlier ones answered, as
 * couriers arrive), until `stop()` turns true or `maxSec` passes; every answer timed.
 */
export async function pacedCheckins(
  url: string,
  o: { perSec: number; maxSec: number; phoneBase: number; stop?: () => boolean },
): Promise<PacedResult> {
  const latencies: number[] = []
  let failed = 0
  let sent = 0
  const pending = new Set<Promise<void>>()
  const t0 = monoMs()
  const one = (i: number) => {
    const start = monoMs()
    const p = fetch(`${url}/api/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: phone(o.phoneBase + i), platform: 'meituan', purposes: ['rest'] }),
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (r) => {
        await r.arrayBuffer()
        if (r.ok) latencies.push(monoMs() - start)
        else failed++
      })
      .catch(() => {
        failed++
      })
      .finally(() => pending.delete(p))
    pending.add(p)
  }
  while (!(o.stop?.() ?? false) && monoMs() - t0 < o.maxSec * 1000) {
    const due = Math.floor(((monoMs() - t0) / 1000) * o.perSec)
    while (sent < due) one(sent++)
    await sleep(5)
  }
  const seconds = (monoMs() - t0) / 1000
  await Promise.all(pending)
  return { latencies, failed, seconds }
}

/**
 * The station's link to the district: a TCP relay on 127.0.0.1:`port` to the broker. Down, nothing
 * listens (the station's connects are refused, as with a cable pulled at the district's end); up, it
 * relays. `down()` also cuts the connections it carries.
 */
export async function linkRelay(targetPort: number) {
  const port = await freePort()
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  const track = (s: net.Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  }
  return {
    port,
    async up(): Promise<void> {
      const srv = net.createServer((inbound) => {
        const outbound = net.connect(targetPort, '127.0.0.1')
        track(inbound)
        track(outbound)
        const cut = () => {
          inbound.destroy()
          outbound.destroy()
        }
        inbound.on('error', cut).on('close', cut)
        outbound.on('error', cut).on('close', cut)
        inbound.pipe(outbound).pipe(inbound)
      })
      await new Promise<void>((resolve, reject) =>
        srv.once('error', reject).listen(port, '127.0.0.1', resolve),
      )
      server = srv
    },
    async down(): Promise<void> {
      const srv = server
      server = null
      for (const s of sockets) s.destroy()
      if (srv) await new Promise((resolve) => srv.close(resolve))
    },
  }
}
