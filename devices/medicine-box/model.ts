import { exponential, round1, uniform } from '../sim-kit.js'

/** A compartment's stock levels and pace, in items and model seconds. */
export interface CompartmentParams {
  /** Items after a restock. */
  full: number
  /** At or below this a manager restocks (the hub's low-stock alert fires around here). */
  low: number
  /** Mean time between two events (a courier taking one, or the restock once low). */
  meanEventSec: number
  /** Scale noise, ± grams. */
  scaleNoise: number
}

export const DEFAULT_COMPARTMENT: CompartmentParams = { full: 20, low: 3, meanEventSec: 150, scaleNoise: 0.3 }

export class Compartment {
  private n: number

  constructor(
    private readonly random: () => number,
    private readonly params: CompartmentParams = DEFAULT_COMPARTMENT,
  ) {
    // Start somewhere above low, so several demo stations do not all run out together.
    this.n = params.low + 1 + Math.floor(random() * (params.full - params.low))
  }

  get count(): number {
    return this.n
  }

  /** Model seconds until the next event. */
  nextEventInSec(): number {
    return exponential(this.random, this.params.meanEventSec)
  }

  /** The next event: one taken, or, once at the low level, restocked to full. */
  next(): 'taken' | 'restocked' {
    if (this.n <= this.params.low) {
      this.n = this.params.full
      return 'restocked'
    }
    this.n -= 1
    return 'taken'
  }

  /** What a scale under the compartment reads, in grams. */
  weight(unitWeight: number): number {
    return weighItems(
      this.n,
      unitWeight,
      uniform(this.random, -this.params.scaleNoise, this.params.scaleNoise),
    )
  }
}

/** count × unit weight plus the scale's noise, to 0.1 g; a scale under an empty tray may dip, but not below 0. */
export function weighItems(count: number, unitWeight: number, noise: number): number {
  return Math.max(0, round1(count * unitWeight + noise))
}
