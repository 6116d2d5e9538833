import { describe, expect, it } from 'vitest'
import { countOf, expiring, restock, restockList, type StockItem, takeOut } from '../../server/stock/model.js'

const item = (over: Partial<StockItem> = {}): StockItem => ({
  id: 'ibuprofen',
  name: '布洛芬',
  unit: '盒',
  min: 2,
  target: 10,
  compartment: null,
  sensorCount: null,
  batches: [
    { batch: 'B2', expires: '2027-03-01', quantity: 3 },
    { batch: 'B1', expires: '2026-12-15', quantity: 2 },
  ],
  ...over,
})

describe('medicine-box stock', () => {
  it('counts the batches, or believes the compartment sensor when there is one', () => {
    expect(countOf(item())).toBe(5)
    expect(countOf(item({ compartment: 'medbox-ibuprofen', sensorCount: 4 }))).toBe(4)
    expect(countOf(item({ compartment: 'medbox-ibuprofen', sensorCount: null }))).toBe(5)
  })

  it('takes out from the batch that expires first', () => {
    const i = item()
    expect(takeOut(i, 3)).toBe(3)
    expect(i.batches).toEqual([{ batch: 'B2', expires: '2027-03-01', quantity: 2 }])
    expect(takeOut(i, 5)).toBe(2)
    expect(countOf(i)).toBe(0)
  })

  it('adds a restock to its batch', () => {
    const i = item()
    restock(i, { batch: 'B3', expires: '2027-06-30', quantity: 6 })
    restock(i, { batch: 'B3', expires: '2027-06-30', quantity: 1 })
    expect(countOf(i)).toBe(12)
    expect(i.batches.find((b) => b.batch === 'B3')?.quantity).toBe(7)
  })

  it('lists what to buy to fill each low item to its target', () => {
    const low = item({
      id: 'bandage',
      name: '创可贴',
      batches: [{ batch: 'X', expires: '2028-01-01', quantity: 1 }],
    })
    const fine = item()
    expect(restockList([fine, low])).toEqual([
      { id: 'bandage', name: '创可贴', unit: '盒', count: 1, min: 2, buy: 9 },
    ])
  })

  it('finds batches expiring soon and those already expired', () => {
    const list = expiring([item()], '2026-12-20', 30)
    expect(list).toEqual([
      { id: 'ibuprofen', name: '布洛芬', batch: 'B1', expires: '2026-12-15', quantity: 2, expired: true },
    ])
    expect(expiring([item()], '2027-02-10', 30).map((b) => b.batch)).toEqual(['B1', 'B2'])
  })
})
