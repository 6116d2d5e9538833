import { connectDevice, type DeviceLink } from './device-link.js'
import { LOCKER_DOOR } from './door-contact/model.js'
import { simulateDoor } from './door-contact/simulator.js'
import { deviceListProblems, groupDevices, type SimDevice } from './families.js'
import { simulateFridge } from './fridge/simulator.js'
import { simulateCompartment } from './medicine-box/simulator.js'
import { type SimContext, Timers } from './sim-kit.js'

export type { SimDevice, SimKind } from './families.js'

export interface SimOptions {
  /** Broker URL, e.g. mqtt://localhost:1883. */
  url: string
  stationId: string
  devices: SimDevice[]
  /** Real ms between temperature readings. Default 5000. */
  intervalMs?: number
  /** Time acceleration for events and fridge physics (10 = ten times as many door openings). Default 1. */
  speed?: number
  /** Real ms between repeats of an unchanged door or stock state. Default 30000. */
  heartbeatMs?: number
  /** How long a device is left alone after a reading from outside the simulator. Default 10 minutes. */
  holdOffMs?: number
  /** Injectable for tests; default Math.random. */
  random?: () => number
  log?: (msg: string) => void
}

export interface Simulation {
  /** Resolves once every device has come online the first time (it never rejects: mqtt.js keeps retrying). */
  ready: Promise<void>
  /** Publishes `offline` for each device, closes every connection and clears every timer. */
  stop(): Promise<void>
}

/**
 * Starts one MQTT connection per device and the family simulators behind them. It does not wait for the
 * broker: devices come online whenever it is reachable, as real sensors do; await `ready` to wait.
 */
export async function startSimulators(opts: SimOptions): Promise<Simulation> {
  const intervalMs = opts.intervalMs ?? 5000
  const speed = opts.speed ?? 1
  const heartbeatMs = opts.heartbeatMs ?? 30_000
  const problems = deviceListProblems(opts.devices)
  if (!(intervalMs > 0)) problems.push('intervalMs: expected a number above 0')
  if (!(heartbeatMs > 0)) problems.push('heartbeatMs: expected a number above 0')
  if (!(speed > 0)) problems.push('speed: expected a number above 0')
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(opts.stationId))
    problems.push('stationId: expected 1–64 letters, digits, _ or -')
  if (problems.length > 0) throw new Error(`cannot start simulators:\n  - ${problems.join('\n  - ')}`)

  const log = opts.log ?? (() => {})
  const ctx: SimContext = {
    random: opts.random ?? Math.random,
    speed,
    intervalMs,
    heartbeatMs,
    timers: new Timers(),
  }
  const links: DeviceLink[] = []
  const link = (d: SimDevice): DeviceLink => {
    const l = connectDevice({
      url: opts.url,
      stationId: opts.stationId,
      ...d,
      log,
      holdOffMs: opts.holdOffMs,
    })
    links.push(l)
    return l
  }

  const families = groupDevices(opts.devices)
  for (const f of families.fridges) {
    simulateFridge({ temperature: link(f.temperature), door: f.door && link(f.door) }, ctx)
  }
  for (const d of families.doors) simulateDoor(link(d), LOCKER_DOOR, ctx)
  for (const d of families.compartments) simulateCompartment(link(d), ctx, d.unitWeight)

  let stopping: Promise<void> | undefined
  return {
    ready: Promise.all(links.map((l) => l.firstOnline)).then(() => {}),
    stop() {
      stopping ??= (async () => {
        ctx.timers.clear()
        await Promise.all(links.map((l) => l.close()))
      })()
      return stopping
    },
  }
}
