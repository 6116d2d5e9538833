import { type Clock, systemClock } from '../clock.js'
import type { SdNotify } from './notify.js'

/**
 * The watchdog period systemd asks for (WatchdogSec= sets $WATCHDOG_USEC, and $WATCHDOG_PID names the process
 * it means: sd_watchdog_enabled(3)), in ms; null when there is none for this process.
 */
export function watchdogMs(env: NodeJS.ProcessEnv = process.env, pid = process.pid): number | null {
  const usec = Number(env.WATCHDOG_USEC)
  if (!Number.isFinite(usec) || usec <= 0) return null
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return null
  return Math.max(1, Math.floor(usec / 1000))
}

export interface WatchdogOptions {
  notify: SdNotify
  /** WatchdogSec in ms (watchdogMs()); pings go at a third of it, so one late ping is not yet a restart. */
  periodMs: number
  /** null when healthy, else why not: no ping goes out then, and systemd restarts the hub when the period ends. */
  health: () => string | null
  clock?: Clock
  /** Told when a ping is held back, and when pings resume. */
  log?: (message: string) => void
}

/**
 * WATCHDOG=1 from a timer on the event loop: when the loop hangs the timer does not fire, no ping goes out,
 * and systemd kills and restarts the hub after WatchdogSec. A ping also waits for the health check (the store)
 * and for the previous ping to be taken, so a stalled systemd-notify cannot pile up processes.
 */
export function startWatchdog(opts: WatchdogOptions): { stop(): void } {
  const clock = opts.clock ?? systemClock
  let inFlight = false
  let heldBack: string | null = null
  const tick = () => {
    const problem = opts.health()
    if (problem) {
      if (heldBack !== problem) opts.log?.(`watchdog: not pinging systemd: ${problem}`)
      heldBack = problem
      return
    }
    if (heldBack) opts.log?.('watchdog: healthy again, pinging systemd')
    heldBack = null
    if (inFlight) return
    inFlight = true
    opts.notify.send('WATCHDOG=1').finally(() => {
      inFlight = false
    })
  }
  tick()
  const timer = clock.setInterval(tick, Math.max(1, Math.floor(opts.periodMs / 3)))
  return { stop: () => clock.clearInterval(timer) }
}
