import type { Low } from 'lowdb'
import type { Clock } from '../clock.js'
import { chinaDate } from '../couriers/periods.js'
import type { DeviceState } from '../sensors/types.js'
import { openStateDb } from '../store/durable-file.js'
import type { Journal } from '../store/journal.js'
import { type Batch, countOf, expiring, restock, restockList, type StockItem, takeOut } from './model.js'

export type ItemInput = Pick<StockItem, 'name' | 'unit' | 'min' | 'target'> & { compartment?: string | null }
export type StockView = Omit<StockItem, 'sensorCount'> & { count: number }

interface StockData {
  items: StockItem[]
  /** Ids of config items already seeded, so an item a manager deleted or renamed is not put back. */
  seeded: string[]
}

export class StockError extends Error {
  constructor(
    readonly code: 'HUB_ERR_STOCK_ITEM_NOT_FOUND' | 'HUB_ERR_STOCK_ITEM_EXISTS' | 'HUB_ERR_STOCK_EMPTY',
    message: string,
  ) {
    super(message)
  }
}

/**
 * The medicine box: items, their batches and counts, in a small fsync'd file (a station keeps tens of
 * items). Every change also goes to the journal, so the history of take-outs and restocks is kept.
 */
export class StockService {
  private constructor(
    private readonly db: Low<StockData>,
    private readonly journal: Journal,
    private readonly clock: Clock,
    private readonly changed: (item: StockItem) => void,
  ) {}

  static async open(
    path: string,
    o: {
      journal: Journal
      clock: Clock
      seed: (ItemInput & { id: string; batches?: Batch[] })[]
      changed: (item: StockItem) => void
    },
  ): Promise<StockService> {
    const db = await openStateDb<StockData>(path, { items: [], seeded: [] })
    let dirty = false
    for (const s of o.seed) {
      if (db.data.seeded.includes(s.id)) continue
      db.data.seeded.push(s.id)
      if (!db.data.items.some((i) => i.id === s.id))
        db.data.items.push({
          ...s,
          compartment: s.compartment ?? null,
          batches: s.batches ?? [],
          sensorCount: null,
        })
      dirty = true
    }
    if (dirty) await db.write()
    return new StockService(db, o.journal, o.clock, o.changed)
  }

  view(i: StockItem): StockView {
    const { sensorCount: _, ...rest } = i
    return { ...rest, count: countOf(i) }
  }

  items(): StockItem[] {
    return this.db.data.items
  }

  get(id: string): StockItem {
    const item = this.db.data.items.find((i) => i.id === id)
    if (!item) throw new StockError('HUB_ERR_STOCK_ITEM_NOT_FOUND', `No stock item "${id}"`)
    return item
  }

  restockList() {
    return restockList(this.db.data.items)
  }

  expiring(withinDays: number) {
    const today = chinaDate(this.clock.now())
    return expiring(this.db.data.items, today, withinDays)
  }

  async create(id: string, input: ItemInput): Promise<StockItem> {
    if (this.db.data.items.some((i) => i.id === id))
      throw new StockError('HUB_ERR_STOCK_ITEM_EXISTS', `A stock item "${id}" exists already`)
    const item: StockItem = {
      id,
      ...input,
      compartment: input.compartment ?? null,
      batches: [],
      sensorCount: null,
    }
    this.db.data.items.push(item)
    return this.#commit(item, 'stock.item', { id, ...input })
  }

  async update(id: string, input: ItemInput): Promise<StockItem> {
    const item = this.get(id)
    Object.assign(item, input, { compartment: input.compartment ?? null })
    if (!item.compartment) item.sensorCount = null
    return this.#commit(item, 'stock.item', { id, ...input })
  }

  async restock(id: string, batch: Batch, by: string): Promise<StockItem> {
    const item = this.get(id)
    restock(item, batch)
    return this.#commit(item, 'stock.restock', { id, ...batch, by })
  }

  /** "I took one" at the kiosk, or a manager's correction. Refuses when nothing is left to take. */
  async takeOut(
    id: string,
    quantity: number,
    source: 'kiosk' | 'manager',
  ): Promise<{ item: StockItem; taken: number }> {
    const item = this.get(id)
    if (countOf(item) === 0) throw new StockError('HUB_ERR_STOCK_EMPTY', `${item.name}: none left`)
    // Batches go first-expired-first-out either way (they carry the expiry dates). A sensor-counted item's
    // count comes from its sensor, which will show the change, so the courier's word is taken as given.
    const fromBatches = takeOut(item, quantity)
    const taken = item.compartment && item.sensorCount !== null ? quantity : fromBatches
    await this.#commit(item, 'stock.takeout', { id, quantity: taken, source })
    return { item, taken }
  }

  /** A compartment sensor's count: the truth for its item. Not journaled (the readings history keeps it). */
  onDevice(d: DeviceState): void {
    if (d.kind !== 'stock' || d.reading?.count === undefined) return
    for (const item of this.db.data.items) {
      if (item.compartment !== d.id || item.sensorCount === d.reading.count) continue
      item.sensorCount = d.reading.count
      this.changed(item)
    }
  }

  async #commit(item: StockItem, type: string, data: unknown): Promise<StockItem> {
    await this.journal.append(type, data)
    await this.db.write()
    this.changed(item)
    return item
  }
}
