import { exponential, uniform } from '../sim-kit.js'

/** How a door behaves, in model seconds: closed most of the time, opened now and then for a short while. */
export interface DoorTiming {
  /** Mean time a door stays closed between two openings. */
  meanClosedSec: number
  openMinSec: number
  openMaxSec: number
}

/** A courier fetching a lunch: a few minutes apart in the demo, open 5–40 s. */
export const FRIDGE_DOOR: DoorTiming = { meanClosedSec: 180, openMinSec: 5, openMaxSec: 40 }

/** A charging locker: opened to plug in or take a phone, a little longer and a little rarer. */
export const LOCKER_DOOR: DoorTiming = { meanClosedSec: 300, openMinSec: 5, openMaxSec: 60 }

export function closedForSec(random: () => number, timing: DoorTiming): number {
  return exponential(random, timing.meanClosedSec)
}

export function openForSec(random: () => number, timing: DoorTiming): number {
  return uniform(random, timing.openMinSec, timing.openMaxSec)
}
