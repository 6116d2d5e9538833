import { describe, expect, it } from 'vitest'
import { ConfigError, resolveConfig } from '../../server/config/load.js'

const port = '/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K5XYZ-if00-port0'
const bus = { id: 'cab', port, profile: 'kerong-cu16', boards: [{ address: 0, locks: 8 }] }
const locker = (id: string, lock: number, more: object = {}) => ({
  id,
  kind: 'phone',
  bus: 'cab',
  board: 0,
  lock,
  ...more,
})

function problems(lockers: object): string[] {
  try {
    resolveConfig({ lockers }, 'test')
    return []
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
}

describe('the lockers section of a station file', () => {
  it('takes a cabinet with its defaults, and none by default', () => {
    const c = resolveConfig({ lockers: { buses: [bus], lockers: [locker('C01', 1)] } }, 'test')
    expect(c.lockers).toMatchObject({ timeLimitMin: 240, doorRemindSec: 30, doorAlertMin: 3, pinTries: 5 })
    expect(resolveConfig({}, 'test').lockers).toMatchObject({ buses: [], lockers: [] })
  })

  it('names every problem at once, each by its key', () => {
    expect(
      problems({
        buses: [
          bus,
          {
            ...bus,
            id: 'cab2',
            port: '/dev/ttyUSB0',
            settings: { lockedBit: 2, colour: 'red' },
            boards: [{ address: 12, locks: 20 }],
          },
          { id: 'cab', port, profile: 'generic-8a', pollMs: 100, boards: [{ address: 1, locks: 8 }] },
        ],
        lockers: [
          locker('C01', 1),
          locker('C01', 9, { label: '1' }),
          locker('C03', 1),
          locker('C04', 1, { bus: 'nowhere' }),
          locker('C05', 2, { board: 3 }),
        ],
      }),
    ).toEqual([
      'lockers.buses[1].port: "/dev/ttyUSB0" changes when adapters re-enumerate; give its /dev/serial/by-id/… name (ls -l /dev/serial/by-id/)',
      'lockers.buses[1].settings.colour: not a setting of kerong-cu16',
      'lockers.buses[1].settings.lockedBit: expected 0 or 1',
      'lockers.buses[1].boards[0].address: expected 0–9 (board number on the rotary/DIP switch, 0–9, at most 10 boards per bus (Kerong distributor docs))',
      'lockers.buses[1].boards[0].locks: expected 1–16',
      'lockers.buses[2].id: "cab" is already used by lockers.buses[0]',
      'lockers.buses[2].port: "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K5XYZ-if00-port0" is already the port of lockers.buses[0]',
      'lockers.buses[2].pollMs: generic-8a allows 200 ms at least',
      'lockers.lockers[1].id: "C01" is already used by lockers.lockers[0]',
      'lockers.lockers[1].lock: board 0 on bus "cab" has locks 1–8',
      'lockers.lockers[2].lock: bus "cab" board 0 lock 1 is already lockers.lockers[0]',
      'lockers.lockers[3].bus: no bus with id "nowhere" in lockers.buses',
      'lockers.lockers[4].board: bus "cab" has no board at address 3',
    ])
  })

  it('refuses a bad shape with the schema’s words', () => {
    expect(
      problems({ buses: [{ ...bus, profile: 'wkly' }], lockers: [locker('C01', 1, { kind: 'ebike' })] }),
    ).toEqual([
      'lockers.buses[0].profile: expected one of kerong-cu16, kerong-cu48, generic-8a, got "wkly"',
      'lockers.lockers[0].kind: expected one of phone, battery, got "ebike"',
    ])
  })
})
