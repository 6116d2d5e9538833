import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { DeviceState } from '../sensors/types.js'
import type { Doc, DocSpec } from '../store/document.js'
import type { EventData, EventType } from '../store/event-map.js'
import { FILES } from '../store/files.js'
import type { Store } from '../store/store.js'
import type { StationTime } from '../time/station-time.js'
import { type Batch, countOf, expiring, restock, restockList, type StockItem, takeOut } from './model.js'

export type ItemInput = Pick<StockItem, 'name' | 'unit' | 'min' | 'target' | 'en'> & {
  compartment?: string | null
}
export type StockView = Omit<StockItem, 'sensorCount'> & { count: number }

export interface StockData {
  items: StockItem[]
  /** Ids of config items already seeded, so an item a manager deleted or renamed is not put back. */
  seeded: string[]
}

const BatchSchema = Type.Object({ batch: Type.String(), expires: Type.String(), quantity: Type.Number() })
export const ItemEnglishSchema = Type.Object({
  name: Type.String(),
  unit: Type.Optional(Type.String()),
  units: Type.Optional(Type.String()),
})

/** `stock.json`: the medicine box's items, batches and counts (a station keeps tens of items). */
export const STOCK_DOC: DocSpec<StockData> = {
  file: FILES.stock,
  schema: Type.Object({
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        unit: Type.String(),
        min: Type.Number(),
        target: Type.Number(),
        compartment: Type.Union([Type.String(), Type.Null()]),
        batches: Type.Array(BatchSchema),
        sensorCount: Type.Union([Type.Number(), Type.Null()]),
        en: Type.Optional(ItemEnglishSchema),
      }),
    ),
    seeded: Type.Array(Type.String()),
  }),
  initial: () => ({ items: [], seeded: [] }),
}

export class StockError extends Error {
  constructor(
    readonly code: 'HUB_ERR_STOCK_ITEM_NOT_FOUND' | 'HUB_ERR_STOCK_ITEM_EXISTS' | 'HUB_ERR_STOCK_EMPTY',
    message: string,
  ) {
    super(message)
  }
}

export interface StockOptions {
  store: Pick<Store, 'document' | 'commit'>
  clock: Clock
  time: StationTime
  seed: (ItemInput & { id: string; batches?: Batch[] })[]
  /** An item changed (after its commit is durable; or a compartment sensor's new count). */
  changed: (item: StockItem) => void
}

/**
 * The medicine box: items, their batches and counts, in `stock.json` (the truth), with every change also
 * journaled (stock.item, stock.restock, stock.takeout) in the same commit, so the history of take-outs and
 * restocks is kept.
 */
export class StockService {
  private constructor(
    private readonly doc: Doc<StockData>,
    private readonly o: StockOptions,
  ) {}

  static async open(o: StockOptions): Promise<StockService> {
    const service = new StockService(await o.store.document(STOCK_DOC), o)
    await service.#seed()
    return service
  }

  /** Config items never seen are added (once: an item a manager changed later is not put back). */
  async #seed(): Promise<void> {
    const data = this.doc.data
    const fresh = this.o.seed.filter((s) => !data.seeded.includes(s.id))
    if (fresh.length === 0) return
    await this.o.store.commit((tx) => {
      const before = structuredClone(data)
      for (const s of fresh) {
        data.seeded.push(s.id)
        if (data.items.some((i) => i.id === s.id)) continue
        const { batches, ...input } = s
        data.items.push({
          ...input,
          compartment: s.compartment ?? null,
          batches: batches ?? [],
          sensorCount: null,
        })
        tx.append('stock.item', { ...input, compartment: s.compartment ?? null })
        for (const b of batches ?? []) tx.append('stock.restock', { id: s.id, ...b, by: 'config' })
      }
      tx.write(this.doc as Doc<unknown>)
      tx.undo(() => {
        this.doc.data = before
      })
    })
  }

  view(i: StockItem): StockView {
    const { sensorCount: _, ...rest } = i
    return { ...rest, count: countOf(i) }
  }

  items(): StockItem[] {
    return this.doc.data.items
  }

  get(id: string): StockItem {
    const item = this.doc.data.items.find((i) => i.id === id)
    if (!item) throw new StockError('HUB_ERR_STOCK_ITEM_NOT_FOUND', `No stock item "${id}"`)
    return item
  }

  restockList() {
    return restockList(this.doc.data.items)
  }

  expiring(withinDays: number) {
    return expiring(this.doc.data.items, this.o.time.day(this.o.clock.now()), withinDays)
  }

  async create(id: string, input: ItemInput): Promise<StockItem> {
    if (this.doc.data.items.some((i) => i.id === id))
      throw new StockError('HUB_ERR_STOCK_ITEM_EXISTS', `A stock item "${id}" exists already`)
    const item: StockItem = {
      id,
      ...input,
      compartment: input.compartment ?? null,
      batches: [],
      sensorCount: null,
    }
    return this.#commit(item, 'stock.item', { id, ...input }, () => {
      this.doc.data.items.push(item)
      return () => {
        this.doc.data.items = this.doc.data.items.filter((i) => i !== item)
      }
    })
  }

  async update(id: string, input: ItemInput): Promise<StockItem> {
    const item = this.get(id)
    return this.#commit(item, 'stock.item', { id, ...input }, () => {
      // The English goes unless given again: it translated the name being replaced.
      delete item.en
      Object.assign(item, input, { compartment: input.compartment ?? null })
      if (!item.compartment) item.sensorCount = null
      return undefined
    })
  }

  async restock(id: string, batch: Batch, by: string): Promise<StockItem> {
    const item = this.get(id)
    return this.#commit(item, 'stock.restock', { id, ...batch, by }, () => {
      restock(item, batch)
      return undefined
    })
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
    let taken = 0
    const event = { id, quantity: 0, source }
    await this.#commit(item, 'stock.takeout', event, () => {
      const fromBatches = takeOut(item, quantity)
      taken = item.compartment && item.sensorCount !== null ? quantity : fromBatches
      event.quantity = taken
      return undefined
    })
    return { item, taken }
  }

  /** A compartment sensor's count: the truth for its item. Not journaled (the readings history keeps it). */
  onDevice(d: DeviceState): void {
    if (d.kind !== 'stock' || d.reading?.count === undefined) return
    for (const item of this.doc.data.items) {
      if (item.compartment !== d.id || item.sensorCount === d.reading.count) continue
      item.sensorCount = d.reading.count
      this.doc.writeSoon(5000)
      this.o.changed(item)
    }
  }

  /**
   * One commit: the change made to memory by `change` (its own undo, or the item's copy put back), the
   * document and the event written, and only then the change told.
   */
  async #commit<K extends EventType>(
    item: StockItem,
    type: K,
    data: EventData<K>,
    change: () => (() => void) | undefined,
  ): Promise<StockItem> {
    await this.o.store.commit((tx) => {
      const before = structuredClone(item)
      const undo = change()
      tx.write(this.doc as Doc<unknown>)
      tx.append(type, data)
      tx.undo(
        undo ??
          (() => {
            delete item.en
            Object.assign(item, before)
          }),
      )
    })
    this.o.changed(item)
    return item
  }
}
