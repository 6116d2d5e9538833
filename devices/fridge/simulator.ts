import type { DeviceLink } from '../device-link.js'
import { FRIDGE_DOOR } from '../door-contact/model.js'
import { simulateDoor } from '../door-contact/simulator.js'
import type { SimContext } from '../sim-kit.js'
import { FridgeModel } from './model.js'
import { encodeTemperature } from './protocol.js'

export interface FridgeLinks {
  temperature?: DeviceLink
  door?: DeviceLink
}

/**
 * A fridge: the thermometer publishes every interval; the door publishes on change and heartbeat, and while
 * it is open the temperature climbs. Either part may be missing (a thermometer alone never sees a door open).
 */
export function simulateFridge(links: FridgeLinks, ctx: SimContext): FridgeModel {
  const model = new FridgeModel(ctx.random)
  // Battery-powered probes report a battery level; a fixed one is enough for the hub's battery display.
  const battery = 90 + Math.floor(ctx.random() * 11)
  let last = Date.now()
  // The physics runs lazily: it catches up to now before anything reads or changes it.
  const catchUp = () => {
    const now = Date.now()
    model.advance(((now - last) / 1000) * ctx.speed)
    last = now
  }

  if (links.door) {
    simulateDoor(links.door, FRIDGE_DOOR, ctx, (open) => {
      catchUp()
      model.setDoorOpen(open)
    })
  }
  const thermometer = links.temperature
  if (thermometer) {
    const publish = () => {
      catchUp()
      thermometer.publish(encodeTemperature(model.reading(), battery))
    }
    thermometer.onOnline(publish)
    ctx.timers.every(ctx.intervalMs, publish)
  }
  return model
}
