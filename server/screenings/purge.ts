import type { Clock } from '../clock.js'

const PURGE_MS = 3_600_000

export interface Purger {
  /** Resolves when the purge in progress, if any, is done. */
  idle(): Promise<void>
  /** Stops the schedule and waits for a purge in progress. */
  stop(): Promise<void>
}

/**
 * Runs `purge` now and then every hour on the injected clock. A failure is reported and tried again at
 * the next hour; purges never overlap.
 */
export function schedulePurge(
  purge: () => Promise<number>,
  clock: Clock,
  report: { deleted(n: number): void; failed(err: unknown): void },
): Purger {
  let running: Promise<void> | null = null
  const run = () => {
    running ??= purge()
      .then((n) => void (n > 0 && report.deleted(n)))
      .catch((err) => report.failed(err))
      .finally(() => {
        running = null
      })
    return running
  }
  run()
  const timer = clock.setInterval(run, PURGE_MS)
  return {
    idle: async () => {
      await running
    },
    stop: async () => {
      clock.clearInterval(timer)
      await running
    },
  }
}
