import { createIdleTimer, realScheduler, type Scheduler } from '../lib/idle.js'
import type { LockerKind } from '../lib/lockers.js'
import { signal } from '../lib/signal.js'
import type { Screening } from '../lib/types.js'
import { kioskConfig } from './data.js'
import { DEFAULT_LANG, lang, setLang } from './i18n.js'

/** Where the courier is. What they typed lives in the screen's own state and goes when it unmounts. */
export type Route =
  | { name: 'home' }
  | { name: 'devices' }
  | { name: 'checkin' }
  | { name: 'screenings' }
  | { name: 'signup'; screening: Screening }
  | { name: 'cancel' }
  | { name: 'help' }
  | { name: 'medicine' }
  | { name: 'locker-rent'; kind: LockerKind }
  | { name: 'locker-collect' }

export const route = signal<Route>({ name: 'home' })
/** Bumped by every return home, so even the home screen remounts clean. */
export const session = signal(0)

export function go(next: Route): void {
  route.value = next
  // A new screen starts at its top, whatever the last one scrolled to.
  if (typeof window !== 'undefined') window.scrollTo(0, 0)
}

export function goHome(): void {
  session.value += 1
  go({ name: 'home' })
}

/** The next courier finds the home screen, in Chinese, with nothing of the last one's left. */
export function resetKiosk(): void {
  goHome()
  if (lang.value !== DEFAULT_LANG) setLang(DEFAULT_LANG)
}

export const DEFAULT_IDLE_SEC = 60

/** How long before the idle reset the kiosk warns: a quarter of the timeout, at least 3 s and at most 10. */
export const warnSeconds = (idleSec: number) => Math.min(10, Math.max(3, Math.round(idleSec / 4)))

/** While the kiosk warns that it is about to go home: when it will (ms); null otherwise. */
export const idleWarning = signal<number | null>(null)

/**
 * Returns home after `idleResetSec` without a touch, on any screen, with a warning a few seconds before
 * (any touch, the warning's own button included, keeps the screen). Returns a stop function.
 */
export function startIdleReset(target: EventTarget = document, scheduler: Scheduler = realScheduler) {
  const timer = createIdleTimer({
    timeoutMs: () => (kioskConfig.value?.idleResetSec ?? DEFAULT_IDLE_SEC) * 1000,
    warnMs: (timeout) => warnSeconds(timeout / 1000) * 1000,
    onWarn: (leftMs) => {
      idleWarning.value = Date.now() + leftMs
    },
    onIdle: () => {
      idleWarning.value = null
      resetKiosk()
    },
    scheduler,
  })
  const touch = () => {
    idleWarning.value = null
    timer.touch()
  }
  const opts = { capture: true, passive: true }
  for (const type of ['pointerdown', 'keydown']) target.addEventListener(type, touch, opts)
  return () => {
    idleWarning.value = null
    timer.stop()
    for (const type of ['pointerdown', 'keydown']) target.removeEventListener(type, touch, opts)
  }
}
