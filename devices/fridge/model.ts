import { round1, uniform } from '../sim-kit.js'

/** Thermal behaviour of a small shared fridge, in °C and model seconds. */
export interface FridgeParams {
  setpoint: number
  ambient: number
  /** The thermostat wanders around the setpoint by at most this much (a bounded random walk). */
  driftLimit: number
  /** Random-walk step scale per √second; 0.035 gives about ±0.5 °C over ten minutes. */
  driftRate: number
  /** Door open: the air warms toward ambient with this time constant. */
  tauOpenSec: number
  /** Door closed: the compressor pulls the air back to the setpoint with this one. */
  tauClosedSec: number
  /**
   * The probe lags the air. That lag is why the reading keeps rising for a little while after the door
   * shuts, as it does on a real fridge log.
   */
  tauProbeSec: number
  /** Sensor noise, ± °C. */
  noise: number
}

// A food fridge set to 3 °C whose thermostat wanders by up to 1 °C: fine (≤ 5 °C) when closed, so the
// demo's alerts come from door openings and clear again, as a real fridge log reads.
export const DEFAULT_FRIDGE: FridgeParams = {
  setpoint: 3,
  ambient: 25,
  driftLimit: 1,
  driftRate: 0.035,
  tauOpenSec: 180,
  tauClosedSec: 240,
  tauProbeSec: 30,
  noise: 0.1,
}

/** Above this many steps per advance, steps grow instead (a laptop waking from sleep must not stall). */
const MAX_STEPS = 2000

export class FridgeModel {
  private air: number
  private probe: number
  private drift = 0
  private doorOpen = false

  constructor(
    private readonly random: () => number,
    private readonly params: FridgeParams = DEFAULT_FRIDGE,
  ) {
    this.air = params.setpoint
    this.probe = params.setpoint
  }

  setDoorOpen(open: boolean): void {
    this.doorOpen = open
  }

  get isDoorOpen(): boolean {
    return this.doorOpen
  }

  /** The probe's true temperature, without sensor noise. */
  get probeTemperature(): number {
    return this.probe
  }

  /** Runs the physics forward; the door state is taken as constant over `dtSec`. */
  advance(dtSec: number): void {
    if (!(dtSec > 0)) return
    const p = this.params
    const steps = Math.min(MAX_STEPS, Math.ceil(dtSec))
    const h = dtSec / steps
    for (let i = 0; i < steps; i++) {
      const step = uniform(this.random, -1, 1) * p.driftRate * Math.sqrt(h)
      this.drift = Math.max(-p.driftLimit, Math.min(p.driftLimit, this.drift + step))
      // Exact first-order response over one step, so a large h stays stable.
      const target = this.doorOpen ? p.ambient : p.setpoint + this.drift
      const tau = this.doorOpen ? p.tauOpenSec : p.tauClosedSec
      this.air += (target - this.air) * (1 - Math.exp(-h / tau))
      this.probe += (this.air - this.probe) * (1 - Math.exp(-h / p.tauProbeSec))
    }
  }

  /** What the sensor reports now: the probe plus noise, to one decimal. */
  reading(): number {
    return round1(this.probe + uniform(this.random, -this.params.noise, this.params.noise))
  }
}
