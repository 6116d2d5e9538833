import type { DeviceLink } from '../device-link.js'
import { realMs, type SimContext } from '../sim-kit.js'
import { closedForSec, type DoorTiming, openForSec } from './model.js'
import { encodeContact } from './protocol.js'

/**
 * A door contact: publishes on every change and repeats its state every heartbeat. `onChange` lets a fridge
 * warm up while its door is open.
 */
export function simulateDoor(
  link: DeviceLink,
  timing: DoorTiming,
  ctx: SimContext,
  onChange?: (open: boolean) => void,
): void {
  let closed = true
  const publish = () => link.publish(encodeContact(closed))
  const set = (nowClosed: boolean) => {
    closed = nowClosed
    onChange?.(!closed)
    publish()
  }
  const scheduleOpen = () => {
    ctx.timers.after(realMs(ctx, closedForSec(ctx.random, timing)), () => {
      set(false)
      ctx.timers.after(realMs(ctx, openForSec(ctx.random, timing)), () => {
        set(true)
        scheduleOpen()
      })
    })
  }
  link.onOnline(publish)
  ctx.timers.every(ctx.heartbeatMs, publish)
  scheduleOpen()
}
