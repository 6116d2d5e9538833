import { FILES } from '../store/files.js'
import type { Store } from '../store/store.js'
import { deliver } from './formats.js'
import type { Notification, WebhookTarget } from './types.js'

interface LegacyEntry {
  id: string
  target: string
  notification: Notification
}

/**
 * Notifications a release of data format 1 queued in `outbox.json` and had not delivered: each is tried
 * once, in order, and the file is set aside (store.takeLegacy). The outbox of this release follows the
 * journal instead.
 */
export async function deliverLegacyOutbox(
  store: Pick<Store, 'takeLegacy'>,
  targets: WebhookTarget[],
  log: { warn(msg: string): void; info(msg: string): void },
  now: () => number,
): Promise<number> {
  const data = (await store.takeLegacy(FILES.outbox)) as { pending?: LegacyEntry[] } | null
  const pending = Array.isArray(data?.pending) ? data.pending : []
  let sent = 0
  for (const e of pending) {
    const target = targets.find((t) => t.id === e.target)
    if (!target) continue
    try {
      const verdict = await deliver(e.notification, target, {
        now: now(),
        deliveryId: e.id,
        userAgent: 'red-station-hub',
        timeoutMs: 10_000,
      })
      if (verdict.ok) sent++
    } catch {
      // One attempt each: these are from before the upgrade.
    }
  }
  if (pending.length > 0)
    log.info(`webhooks: ${sent} of ${pending.length} notifications left by the earlier release sent`)
  return sent
}
