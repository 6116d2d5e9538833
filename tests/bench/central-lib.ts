/**
 * What the central benchmarks share: a central instance as its own process (the real launcher), stations
 * with a backlog (devices/station-uplink-sim), a bare consumer that only counts and acknowledges, and a
 * process's CPU time and resident memory from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import mqtt, { type MqttClient } from 'mqtt'
import { SimStation } from '../../devices/station-uplink-sim/model.js'
import { UplinkSim } from '../../devices/station-uplink-sim/simulator.js'
import {
  centralSubscriptions,
  decodeBatch,
  downTopic,
  encode,
  parseTopic,
  UPLINK_VERSION,
} from '../../server/uplink/protocol.js'
import { monoMs, repoRoot } from './lib.js'

export interface CentralProcess {
  child: ChildProcess
  pid: number
  url: string
  /** SIGTERM, and wait (SIGKILL after 10 s). */
  stop(): Promise<void>
}

/** `npm run central -- <args>` as a child process; resolves once it listens. */
export async function spawnCentral(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CentralProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/central-main.ts', '--port', '0', '--host', '127.0.0.1', ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info', ...env } },
  )
  let log = ''
  child.stderr?.on('data', (d) => {
    log = (log + d).slice(-5000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      log = (log + line).slice(-5000)
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (m) resolve(m[1] as string)
    })
    void exited.then(() => reject(new Error(`central exited before listening:\n${log}`)))
  })
  return {
    child,
    pid: child.pid as number,
    url,
    async stop() {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** CPU seconds (user + system) and resident memory (MB) of a process, from /proc. */
export function procStats(pid: number): { cpuSec: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // Fields 14 and 15 of proc(5) (utime, stime) in clock ticks of 1/100 s (CLK_TCK on Linux).
  const cpuSec = (Number(fields[11]) + Number(fields[12])) / 100
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return { cpuSec, rssMb: Number(rss?.[1] ?? 0) / 1024 }
}

export const stationIds = (n: number, prefix = 'b') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)

/** Stations (not connected yet), each with `events` check-ins waiting in its journal. */
export function backlogStations(ids: string[], events: number): SimStation[] {
  return ids.map((id, i) => {
    const st = new SimStation({ id, name: id, seed: i + 1 })
    for (let n = 0; n < events; n++) st.checkin()
    return st
  })
}

/**
 * Connects every station and times until each one's whole backlog is acknowledged: events per second from
 * the first connect to the last ack, on the machine's monotonic clock.
 */
export async function drain(
  stations: SimStation[],
  o: { url: string; password: (id: string) => string; caFile?: string },
): Promise<{ eventsPerSec: number; seconds: number; resent: number }> {
  const total = stations.reduce((n, s) => n + s.head, 0)
  const sims = stations.map(
    (station) =>
      new UplinkSim({
        url: o.url,
        station,
        password: o.password(station.id),
        caFile: o.caFile,
        ackTimeoutMs: 10_000,
      }),
  )
  const t0 = monoMs()
  await Promise.all(sims.map((s) => s.start()))
  await Promise.all(sims.map((s) => s.acked()))
  const seconds = (monoMs() - t0) / 1000
  const resent = sims.reduce((n, s) => n + s.stats.resent, 0)
  await Promise.all(sims.map((s) => s.stop()))
  return { eventsPerSec: total / seconds, seconds, resent }
}

/**
 * The peer: a bare mqtt.js subscriber on the same shared subscription that parses each batch, counts its
 * events and acknowledges it at once, with no database. The least a consumer must do to keep the protocol
 * going (the stations send the next batch only on an ack).
 */
export async function bareConsumer(o: {
  url: string
  username: string
  password: string
  caFile?: string
}): Promise<{ client: MqttClient; events: () => number; close(): Promise<void> }> {
  const client = await mqtt.connectAsync(o.url, {
    username: o.username,
    password: o.password,
    ca: o.caFile ? await readFile(o.caFile) : undefined,
    protocolVersion: 4,
    clean: true,
  })
  let events = 0
  client.on('message', (topic, payload) => {
    const t = parseTopic(topic)
    if (t?.kind !== 'events') return
    const b = decodeBatch(payload)
    if (!b.ok) return
    events += b.value.events.length
    client.publish(downTopic(t.stationId, 'ack'), encode({ v: UPLINK_VERSION, through: b.value.to }), {
      qos: 1,
    })
  })
  await client.subscribeAsync(centralSubscriptions('bare').shared, { qos: 1 })
  return { client, events: () => events, close: () => client.endAsync() }
}
