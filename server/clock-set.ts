/**
 * A Raspberry Pi has no battery-backed clock: until NTP sets it, it may read 1970 or an old date. Events
 * journaled then would carry wrong times forever, so the hub does not start on a clock before this.
 */
export const CLOCK_FLOOR_MS = Date.UTC(2025, 0, 1)

export interface ClockSetOptions {
  now?: () => number
  /** Waits; the default is a timer that keeps the process alive (nothing else does before the hub starts). */
  sleep?: (ms: number) => Promise<void>
  floorMs?: number
  /** How often to look again. */
  pollMs?: number
  /** Told at once and then about every minute while waiting (for the log, and STATUS= for systemd). */
  onWait: (message: string) => void
}

/** Resolves once the clock reads at or after the floor; waits (never rejects) while it does not. */
export async function waitForSetClock(opts: ClockSetOptions): Promise<void> {
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const floor = opts.floorMs ?? CLOCK_FLOOR_MS
  const pollMs = opts.pollMs ?? 5000
  const message = () =>
    `the clock reads ${new Date(now()).toISOString()}, before ${new Date(floor).toISOString()}: it is not set ` +
    'yet, and events journaled now would carry that date. Waiting for it to be set (network time: ' +
    'timedatectl timesync-status; by hand: sudo date -s "YYYY-MM-DD HH:MM")'
  let lastTold = Number.NEGATIVE_INFINITY
  for (let waited = 0; now() < floor; waited += pollMs) {
    if (waited - lastTold >= 60_000) {
      opts.onWait(message())
      lastTold = waited
    }
    await sleep(pollMs)
  }
}
