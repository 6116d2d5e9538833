import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startKioskData } from '../../kiosk-ui/src/kiosk/data.js'
import type { Scheduler } from '../../kiosk-ui/src/lib/idle.js'
import { link } from '../../kiosk-ui/src/lib/socket.js'
import { applyStockItem, setStockItems, stockItems } from '../../kiosk-ui/src/lib/stock.js'
import type { StockEntry } from '../../kiosk-ui/src/lib/types.js'

const ibuprofen: StockEntry = { id: 'ibuprofen', name: '布洛芬缓释胶囊', unit: '盒', inStock: true }
const masks: StockEntry = { id: 'masks', name: '医用口罩', unit: '个', inStock: false }
const shown = () => (stockItems.value ? [...stockItems.value.values()] : null)
/** Retries and refreshes are left to the tests that want them. */
const noTimers: Scheduler = { setTimeout: () => 0, clearTimeout: () => {} }

/** A hub answering over a stubbed fetch; `/api/stock` answers whatever `stock()` gives at that moment. */
function fakeHub(stock: () => Promise<StockEntry[]> | StockEntry[]) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (path: string) => {
    calls.push(path)
    if (path === '/api/stock') return Response.json({ items: await stock() })
    if (path === '/api/notices') return Response.json({ notices: [] })
    return Response.json({ code: 'HUB_ERR_NOT_FOUND' }, { status: 404 })
  })
  return { stockLoads: () => calls.filter((c) => c === '/api/stock').length }
}

beforeEach(() => {
  stockItems.value = null
  link.value = 'connecting'
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the medicine box list', () => {
  it('takes live changes once loaded: a change, a new item, and a take-out answer without a unit', () => {
    applyStockItem({ ...ibuprofen, inStock: false })
    expect(shown()).toBeNull()
    setStockItems([ibuprofen, masks])
    applyStockItem({ ...masks, inStock: true })
    applyStockItem({ id: 'ibuprofen', name: '布洛芬缓释胶囊', inStock: false })
    applyStockItem({ id: 'huoxiang', name: '藿香正气水', unit: '支', inStock: true })
    expect(shown()).toEqual([
      { ...ibuprofen, inStock: false },
      { ...masks, inStock: true },
      { id: 'huoxiang', name: '藿香正气水', unit: '支', inStock: true },
    ])
  })

  it('keeps an item’s English through a take-out answer, and takes it from a whole item', () => {
    const en = { name: 'Ibuprofen', unit: 'box' }
    setStockItems([{ ...ibuprofen, en }])
    applyStockItem({ id: 'ibuprofen', name: '布洛芬缓释胶囊', inStock: false })
    expect(shown()).toEqual([{ ...ibuprofen, inStock: false, en }])
    // The socket's whole item says it all: no en means none any more.
    applyStockItem({ ...ibuprofen, inStock: true })
    expect(shown()).toEqual([ibuprofen])
  })

  it('loads the list at start and again on every reconnection', async () => {
    let answer = [ibuprofen, masks]
    const hub = fakeHub(() => answer)
    const stop = startKioskData(noTimers)
    await vi.waitFor(() => expect(shown()).toEqual([ibuprofen, masks]))
    answer = [{ ...ibuprofen, inStock: false }, masks]
    link.value = 'connected'
    await vi.waitFor(() => expect(shown()).toEqual(answer))
    link.value = 'disconnected'
    link.value = 'connected'
    await vi.waitFor(() => expect(hub.stockLoads()).toBe(3))
    stop()
  })

  it('asks again when a live change arrives while an answer is on its way', async () => {
    let release: (items: StockEntry[]) => void = () => {}
    let answer: StockEntry[] | null = null
    const hub = fakeHub(() => answer ?? new Promise((resolve) => (release = resolve)))
    const stop = startKioskData(noTimers)
    await vi.waitFor(() => expect(hub.stockLoads()).toBe(1))
    answer = [{ ...masks, inStock: true }]
    applyStockItem({ ...masks, inStock: true })
    release([masks])
    await vi.waitFor(() => expect(hub.stockLoads()).toBe(2))
    await vi.waitFor(() => expect(shown()).toEqual([{ ...masks, inStock: true }]))
    stop()
  })
})
