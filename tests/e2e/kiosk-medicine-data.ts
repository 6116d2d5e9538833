// The medicine box the kiosk medicine tests stock their hub with: batches, an item with none, one with one.
import { chinaTime } from './kiosk-page.js'

/** YYYY-MM-DD, `days` after today in China time. */
export const day = (days: number) => chinaTime(days, '00:00').slice(0, 10)

export const medicineStock = [
  {
    id: 'ibuprofen',
    name: '布洛芬缓释胶囊',
    unit: '盒',
    min: 2,
    target: 10,
    batches: [
      { batch: 'BL2611', expires: day(300), quantity: 4 },
      { batch: 'BL2605', expires: day(100), quantity: 2 },
    ],
  },
  { id: 'masks', name: '医用口罩', unit: '个', min: 10, target: 50 },
  {
    id: 'huoxiang',
    name: '藿香正气水',
    unit: '支',
    min: 1,
    target: 10,
    batches: [{ batch: 'HX2601', expires: day(60), quantity: 1 }],
  },
  {
    id: 'bandage',
    name: '创可贴',
    unit: '片',
    min: 5,
    target: 20,
    batches: [{ batch: 'CT2601', expires: day(400), quantity: 20 }],
  },
]
