/**
 * Medicine-box stock: what a station keeps, how much of it, and which batch expires when. Pure functions
 * over plain data; service.ts persists them.
 */
export interface Batch {
  /** The manufacturer's batch (lot) number, or a label the manager gives. */
  batch: string
  /** Last day of use, YYYY-MM-DD. */
  expires: string
  quantity: number
}

export interface StockItem {
  id: string
  name: string
  /** 盒, 片, 个, 瓶… */
  unit: string
  /** At or below this count the item needs restocking. */
  min: number
  /** How many the box should hold when full: a restock list buys up to it. */
  target: number
  /** A stock sensor (device id) counting this compartment, if any: its count is the truth. */
  compartment: string | null
  batches: Batch[]
  /** The compartment sensor's latest count, when it has one. */
  sensorCount: number | null
  /** Name and unit in English, for the kiosk's English mode, when given. */
  en?: ItemEnglish
}

export interface ItemEnglish {
  name: string
  /** One of them: box. */
  unit?: string
  /** Several, where adding -s or -es to `unit` is wrong. */
  units?: string
}

/** The count a manager should believe: the sensor's when there is one, else the sum of the batches. */
export function countOf(item: StockItem): number {
  if (item.compartment && item.sensorCount !== null) return item.sensorCount
  return item.batches.reduce((n, b) => n + b.quantity, 0)
}

/** Takes `quantity` out, earliest expiry first (first-expired, first-out). Returns what could be taken. */
export function takeOut(item: StockItem, quantity: number): number {
  let left = quantity
  const byExpiry = [...item.batches].sort((a, b) => a.expires.localeCompare(b.expires))
  for (const b of byExpiry) {
    const take = Math.min(b.quantity, left)
    b.quantity -= take
    left -= take
    if (left === 0) break
  }
  item.batches = item.batches.filter((b) => b.quantity > 0)
  return quantity - left
}

export function restock(item: StockItem, batch: Batch): void {
  const same = item.batches.find((b) => b.batch === batch.batch && b.expires === batch.expires)
  if (same) same.quantity += batch.quantity
  else item.batches.push({ ...batch })
}

export interface RestockLine {
  id: string
  name: string
  unit: string
  count: number
  min: number
  /** How many to buy to reach the target. */
  buy: number
}

/** What to buy: every item at or below its minimum, with the quantity that fills it to its target. */
export function restockList(items: StockItem[]): RestockLine[] {
  return items
    .map((i) => ({ i, count: countOf(i) }))
    .filter(({ i, count }) => count <= i.min)
    .map(({ i, count }) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      count,
      min: i.min,
      buy: Math.max(i.target - count, 0),
    }))
    .sort((a, b) => a.count - a.min - (b.count - b.min))
}

/** Batches expiring within `days` of `today` (YYYY-MM-DD, China time) or already expired. */
export function expiring(items: StockItem[], today: string, days: number) {
  const limit = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
  const out: {
    id: string
    name: string
    batch: string
    expires: string
    quantity: number
    expired: boolean
  }[] = []
  for (const i of items)
    for (const b of i.batches)
      if (b.expires <= limit)
        out.push({
          id: i.id,
          name: i.name,
          batch: b.batch,
          expires: b.expires,
          quantity: b.quantity,
          expired: b.expires < today,
        })
  return out.sort((a, b) => a.expires.localeCompare(b.expires))
}
