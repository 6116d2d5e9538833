import { signal } from './signal.js'

/** Wall-clock milliseconds, ticking once a second while started; drives every "N s ago". */
export const now = signal(Date.now())

export function startClock(intervalMs = 1000): () => void {
  now.value = Date.now()
  const timer = setInterval(() => {
    now.value = Date.now()
  }, intervalMs)
  return () => clearInterval(timer)
}
