import type { Hub } from '../hub.js'

/**
 * SEAM for the store's owner: the store's health as the watchdog sees it (null: healthy, else the reason).
 * While it reports a problem the hub stops pinging systemd, which restarts it after WatchdogSec. For now the
 * only sign is the journal being open; a richer check (the last durable write failed, the disk is full) can
 * replace this function without touching the watchdog.
 */
export function storeHealth(hub: Hub): () => string | null {
  return () => (hub.store.journal.closed ? 'the store journal is closed' : null)
}
