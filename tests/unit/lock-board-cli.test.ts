import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCli, UsageError } from '../../devices/lock-board/cli-args.js'
import { listPorts } from '../../devices/lock-board/cli-ports.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

describe('lock-board CLI arguments', () => {
  const port = ['--port', '/dev/serial/by-id/usb-x', '--profile']

  it('takes the profile defaults for board and locks', () => {
    expect(parseCli([...port, 'kerong-cu16', 'status'])).toMatchObject({ board: 0, locks: 16 })
    expect(parseCli([...port, 'generic-8a', 'status'])).toMatchObject({ board: 1, locks: 48 })
    expect(parseCli([...port, 'kerong-cu48', '--board', '2', '--locks', '24', 'open', '24'])).toMatchObject({
      board: 2,
      locks: 24,
      command: { kind: 'open', lock: 24 },
    })
  })

  it('reads settings as the profile names them, numbers as numbers', () => {
    const o = parseCli([
      ...port,
      'generic-8a',
      '--set',
      'feedback=door-opening',
      '--set',
      'statusBytes=3',
      'status',
    ])
    expect(o.settings).toEqual({ feedback: 'door-opening', statusBytes: 3 })
  })

  it('names what is wrong', () => {
    const bad = (args: string[]) => () => parseCli(args)
    expect(bad([...port, 'kerong-cu16', 'open', '17'])).toThrow(/open <lock>: expected 1–16/)
    expect(bad([...port, 'kerong-cu16', '--board', '10', 'status'])).toThrow(/boards are 0–9/)
    expect(bad([...port, 'generic-8a', '--board', '0', 'status'])).toThrow(/boards are 1–200/)
    expect(bad([...port, 'kerong-cu99', 'status'])).toThrow(/--profile: expected one of/)
    expect(bad(['--profile', 'kerong-cu16', 'status'])).toThrow(/--port is required/)
    expect(bad([...port, 'kerong-cu16', 'explode'])).toThrow(/unknown command "explode"/)
    expect(bad([...port, 'kerong-cu16', '--set', 'lockedBit', 'status'])).toThrow(/key=value/)
    expect(bad(['--what'])).toThrow(UsageError)
  })

  it('needs neither port nor profile to list ports', () => {
    expect(parseCli(['list']).command).toEqual({ kind: 'list' })
  })
})

describe('listing serial ports', () => {
  it('lists /dev/serial/by-id names when SerialPort.list() rejects as it does without udevadm', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rsh-byid-'))
    dirs.push(dir)
    await writeFile(join(dir, 'ttyUSB0'), '')
    await symlink(join(dir, 'ttyUSB0'), join(dir, 'usb-FTDI_FT232R_USB_UART_A10K-if00-port0'))
    const failing = () => Promise.reject(new Error('spawn udevadm ENOENT'))
    const { ports, notes } = await listPorts(failing, dir)
    expect(ports.map((p) => p.path)).toContain(join(dir, 'usb-FTDI_FT232R_USB_UART_A10K-if00-port0'))
    expect(notes.join('\n')).toMatch(/spawn udevadm ENOENT/)
  })

  it('never throws, even with neither source', async () => {
    const throwing = () => {
      throw new Error('spawn udevadm ENOENT')
    }
    const result = await listPorts(throwing, '/nonexistent/by-id')
    expect(result.ports).toEqual([])
    expect(result.notes).toHaveLength(2)
  })
})
