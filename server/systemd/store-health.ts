import type { Hub } from '../hub.js'

/**
 * The store's health as the watchdog sees it (null: healthy, else the reason): Store.watchdogProblem. While
 * it reports a problem the hub stops pinging systemd, which restarts it after WatchdogSec.
 */
export function storeHealth(hub: Hub): () => string | null {
  return () => hub.store.watchdogProblem()
}
