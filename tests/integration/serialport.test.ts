import { ReadlineParser } from '@serialport/parser-readline'
import { SerialPort } from 'serialport'
import { afterEach, describe, expect, it } from 'vitest'
import { openPtyPair } from '../support/socat.js'

// The real native binding (@serialport/bindings-cpp, loaded from its prebuilds by node-gyp-build: npm runs no
// build step for it) on a real pseudo-terminal pair, as a lock board or scanner would be on /dev/ttyUSB0.

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function open(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())))
  cleanups.push(() => close(port))
  return port
}

function close(port: SerialPort): Promise<void> {
  if (!port.isOpen) return Promise.resolve()
  return new Promise((resolve, reject) => port.close((err) => (err ? reject(err) : resolve())))
}

function lines(port: SerialPort, count: number): Promise<string[]> {
  const parser = port.pipe(new ReadlineParser({ delimiter: '\r\n' }))
  const got: string[] = []
  return new Promise((resolve) => {
    parser.on('data', (line: string) => {
      got.push(line)
      if (got.length === count) resolve(got)
    })
  })
}

function write(port: SerialPort, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(data, (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))))
  })
}

describe('serialport on a pseudo-terminal pair', () => {
  it('carries lines from one end to the other, in both directions, whatever the chunking', async () => {
    const pty = await openPtyPair()
    cleanups.push(() => pty.close())
    const a = await open(pty.a)
    const b = await open(pty.b)

    const atB = lines(b, 2)
    await write(a, 'LOCK 01 ')
    await write(a, 'OPEN\r\nSTATUS 充电柜\r\n')
    expect(await atB).toEqual(['LOCK 01 OPEN', 'STATUS 充电柜'])

    const atA = lines(a, 1)
    await write(b, 'OK 01\r\n')
    expect(await atA).toEqual(['OK 01'])

    await close(a)
    await close(b)
    expect(a.isOpen || b.isOpen).toBe(false)
  })

  it('fails to open a device that is not there, with the path in the error', async () => {
    const port = new SerialPort({ path: '/dev/ttyRSH-missing', baudRate: 9600, autoOpen: false })
    const error = await new Promise<Error | null>((resolve) => port.open(resolve))
    expect(error?.message).toMatch(/\/dev\/ttyRSH-missing/)
  })
})
