import { describe, expect, it } from 'vitest'
import { alertsFor, problemsOf } from '../../kiosk-ui/src/lib/manage-device-state.js'
import type { Alert } from '../../kiosk-ui/src/lib/manage-types.js'
import type { DeviceState } from '../../kiosk-ui/src/lib/types.js'

const device = (over: Partial<DeviceState>): DeviceState => ({
  id: 'medbox-cold',
  kind: 'stock',
  name: '药箱·感冒灵',
  online: true,
  lastSeen: '2026-11-27T08:00:00Z',
  reading: { at: '2026-11-27T08:00:00Z', count: 0 },
  battery: null,
  batteryLow: false,
  rejected: 0,
  lastError: null,
  ...over,
})
const alert = (over: Partial<Alert>) => ({ subject: 'x', type: 'stock-low', context: {}, ...over }) as Alert

describe('a device’s state on the console', () => {
  it('names the open alerts of a stock item its compartment counts (issue 10.8: 剩 0 件 · 正常)', () => {
    const d = device({})
    const stock = alert({ subject: 'item:cold', context: { min: 3, device: 'medbox-cold' } })
    expect(alertsFor(d, [stock, alert({ subject: 'item:other' })])).toEqual([stock])
    expect(problemsOf(d, [stock])).toEqual(['stockLow'])
    // Recovered above the minimum but the alert still waits its clear time: still not fine.
    expect(problemsOf(device({ reading: { at: '', count: 12 } }), [stock])).toEqual(['stockLow'])
    expect(problemsOf(device({ reading: { at: '', count: 12 } }), [])).toEqual([])
  })

  it('adds what the state shows now, most pressing first, each once', () => {
    const fridge = device({
      id: 'fridge',
      kind: 'temperature',
      reading: { at: '', temperature: 11.4 },
      okRange: { min: null, max: 5 },
      online: false,
      batteryLow: true,
      battery: 9,
    })
    const warm = alert({ subject: 'fridge', type: 'temperature-high' })
    expect(problemsOf(fridge, [warm])).toEqual(['offline', 'tooWarm', 'batteryLow'])
  })
})
