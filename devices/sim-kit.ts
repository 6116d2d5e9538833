/** What every family simulator shares: randomness, time acceleration and timers that stop() can clear. */

export interface SimContext {
  random: () => number
  /** Model seconds per real second for random events (door opens, takes, temperature physics). */
  speed: number
  /** Real ms between periodic readings (temperature). */
  intervalMs: number
  /** Real ms between repeats of an unchanged state, so the hub never sees a live device as silent. */
  heartbeatMs: number
  timers: Timers
}

/** Every timer a simulator makes goes through here, so one clear() leaves nothing to keep the process alive. */
export class Timers {
  private readonly live = new Set<NodeJS.Timeout>()
  private cleared = false

  after(ms: number, fn: () => void): void {
    if (this.cleared) return
    const t = setTimeout(() => {
      this.live.delete(t)
      fn()
    }, ms)
    this.live.add(t)
  }

  every(ms: number, fn: () => void): void {
    if (this.cleared) return
    this.live.add(setInterval(fn, ms))
  }

  clear(): void {
    // Callbacks already queued may still try to schedule more; `cleared` refuses them.
    this.cleared = true
    for (const t of this.live) clearTimeout(t)
    this.live.clear()
  }

  get size(): number {
    return this.live.size
  }
}

/** Waiting time of a Poisson process with the given mean: events "now and then", never in lockstep. */
export function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random())
}

export function uniform(random: () => number, min: number, max: number): number {
  return min + (max - min) * random()
}

/** Real milliseconds for a span of model seconds. */
export function realMs(ctx: SimContext, modelSec: number): number {
  return (modelSec * 1000) / ctx.speed
}

/** One decimal, as cheap sensors report. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10
}
