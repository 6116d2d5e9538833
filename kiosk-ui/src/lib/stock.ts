import { signal } from './signal.js'
import type { StockEntry } from './types.js'

/**
 * The medicine box's items, in the hub's order: null until `GET /api/stock` first answers. The list comes
 * over HTTP (on start and on every reconnection); the socket's `stock` event keeps it live in between.
 */
export const stockItems = signal<ReadonlyMap<string, StockEntry> | null>(null)

/** How many live changes have arrived: a load that crossed one knows its answer may be older. */
let liveChanges = 0
export const stockChangeCount = () => liveChanges

export function setStockItems(items: readonly StockEntry[]): void {
  stockItems.value = new Map(items.map((item) => [item.id, item]))
}

/** One item changed (or is new): from the socket, or from the answer to the kiosk's own take-out. */
export function applyStockItem(
  change: Pick<StockEntry, 'id' | 'name' | 'inStock'> & { unit?: string; en?: StockEntry['en'] },
): void {
  liveChanges += 1
  const all = stockItems.value
  if (!all) return
  const before = all.get(change.id)
  const unit = change.unit ?? before?.unit
  // A take-out answer has no unit; an item never seen without one waits for the next full load.
  if (unit === undefined) return
  // A whole item (the socket's, with its unit) says its English too; a take-out answer leaves it as it was.
  const en = change.unit !== undefined ? change.en : before?.en
  stockItems.value = new Map(all).set(change.id, {
    id: change.id,
    name: change.name,
    unit,
    inStock: change.inStock,
    ...(en ? { en } : {}),
  })
}

export const isStockEntry = (value: unknown): value is StockEntry => {
  const v = value as Partial<StockEntry> | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.unit === 'string' &&
    typeof v.inStock === 'boolean'
  )
}
