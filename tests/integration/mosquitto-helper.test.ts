import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import mqtt, { type MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { type MosquittoHandle, startMosquitto } from '../support/mosquitto.js'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function broker(opts?: Parameters<typeof startMosquitto>[0]): Promise<MosquittoHandle> {
  const b = await startMosquitto(opts)
  cleanups.push(() => b.stop())
  return b
}

async function client(url: string, opts?: mqtt.IClientOptions): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, { connectTimeout: 3000, ...opts })
  cleanups.push(() => c.endAsync(true))
  return c
}

function nextMessage(c: MqttClient, topic: string): Promise<{ payload: string; retain: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer, packet: mqtt.IPublishPacket) => {
      if (t !== topic) return
      c.off('message', onMessage)
      resolve({ payload: payload.toString(), retain: packet.retain })
    }
    c.on('message', onMessage)
  })
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

describe('startMosquitto', () => {
  it('gives a broker that hands a retained message to a later subscriber', async () => {
    const b = await broker()
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`)
    const publisher = await client(b.url)
    await publisher.publishAsync('redstation/t1/devices/fridge-temp', '{"temperature":4.2}', {
      qos: 1,
      retain: true,
    })

    const subscriber = await client(b.url)
    const message = nextMessage(subscriber, 'redstation/t1/devices/fridge-temp')
    await subscriber.subscribeAsync('redstation/t1/devices/+', { qos: 1 })
    expect(await message).toEqual({ payload: '{"temperature":4.2}', retain: true })
  })

  it('comes back on the same port after a kill, and a client reconnects to it', async () => {
    const b = await broker()
    const c = await client(b.url, { reconnectPeriod: 100 })
    await c.subscribeAsync('redstation/t1/#', { qos: 1 })

    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()))
    await b.kill()
    await closed
    expect(await accepts(b.port)).toBe(false)

    const reconnected = new Promise<void>((resolve) => c.once('connect', () => resolve()))
    await b.restart()
    await reconnected
    // A fresh broker (persistence false) keeps no retained message; mqtt.js subscribes again on its own.
    const message = nextMessage(c, 'redstation/t1/availability')
    const other = await client(b.url)
    await other.publishAsync('redstation/t1/availability', 'online', { qos: 1, retain: true })
    expect((await message).payload).toBe('online')
  })

  it('asks for a login when users are given', async () => {
    const b = await broker({ users: { 'station-t1': 's3cret' } })
    await expect(
      mqtt.connectAsync(b.url, { username: 'station-t1', password: 'wrong', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Not authorized/i)
    const c = await client(b.url, { username: 'station-t1', password: 's3cret' })
    expect(c.connected).toBe(true)
  })

  it('fails with the broker log when the port is taken', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => server.close(resolve)))
    const { port } = server.address() as net.AddressInfo
    await expect(startMosquitto({ port })).rejects.toThrow(/exited[\s\S]*Address already in use/)
  })

  it('dies with the process that started it, even one killed with SIGKILL', async () => {
    const helper = new URL('../support/mosquitto.ts', import.meta.url).href
    const script = `const { startMosquitto } = await import(${JSON.stringify(helper)})
      const b = await startMosquitto()
      console.log(b.port)
      setInterval(() => {}, 1000)`
    // Its own TMPDIR: the config dir of a broker whose owner was killed is left behind, so remove it here.
    const tmp = await mkdtemp(join(tmpdir(), 'rsh-orphan-'))
    cleanups.push(() => rm(tmp, { recursive: true, force: true }))
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TMPDIR: tmp },
    })
    cleanups.push(async () => child.kill('SIGKILL'))
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (line: Buffer) => resolve(Number(line.toString().trim())))
      child.once('exit', (code) =>
        reject(new Error(`the helper process exited (${code}) before its broker ran`)),
      )
    })
    expect(await accepts(port)).toBe(true)

    child.kill('SIGKILL')
    await once(child, 'exit')
    let open = true
    for (let i = 0; i < 100 && open; i++) {
      open = await accepts(port)
      if (open) await sleep(50)
    }
    expect(open).toBe(false)
  })
})
