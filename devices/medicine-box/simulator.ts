import type { DeviceLink } from '../device-link.js'
import { realMs, type SimContext } from '../sim-kit.js'
import { Compartment } from './model.js'
import { encodeCount, encodeWeight } from './protocol.js'

/**
 * One medicine-box compartment: publishes on every take or restock and repeats its state every heartbeat.
 * With `unitWeight` it sits on a scale and reports grams; otherwise it counts.
 */
export function simulateCompartment(link: DeviceLink, ctx: SimContext, unitWeight?: number): Compartment {
  const compartment = new Compartment(ctx.random)
  const publish = () =>
    link.publish(
      unitWeight === undefined
        ? encodeCount(compartment.count)
        : encodeWeight(compartment.weight(unitWeight)),
    )
  const schedule = () => {
    ctx.timers.after(realMs(ctx, compartment.nextEventInSec()), () => {
      compartment.next()
      publish()
      schedule()
    })
  }
  link.onOnline(publish)
  ctx.timers.every(ctx.heartbeatMs, publish)
  schedule()
  return compartment
}
