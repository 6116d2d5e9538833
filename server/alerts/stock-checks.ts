import type { Conditions } from './conditions.js'
import type { RuleBook } from './rules.js'
import type { StockLevel } from './types.js'

/**
 * Restock: an item's count against its minimum, from the stock feature's `stock.level` events. A
 * compartment sensor counting an item does not alert on its own as well (the item does, by name).
 */
export class StockChecks {
  readonly #last = new Map<string, number | null>()
  readonly #quiet = new Set<string>()

  constructor(
    private readonly rules: RuleBook,
    private readonly conds: Conditions,
    private readonly setRules: (
      subject: string,
      rules: { stock: { min: number } | { enabled: false } },
    ) => void,
  ) {}

  observe(l: StockLevel): void {
    const subject = `item:${l.id}`
    const min = this.rules.rules.devices[subject]?.stock?.min
    if (min !== l.min) this.setRules(subject, { stock: { min: l.min } })
    if (l.compartment && !this.#quiet.has(l.compartment)) {
      this.#quiet.add(l.compartment)
      this.setRules(l.compartment, { stock: { enabled: false } })
    }
    const before = this.#last.get(l.id)
    this.#last.set(l.id, l.count)
    // A compartment whose sensor has not reported yet has no count to judge (0 would raise at every start).
    if (l.count === null) return
    const rule = this.rules.forKey(subject, 'stock-low')
    if (!rule) return
    const cond = this.conds.get(subject, rule)
    const verdict = l.count <= rule.limit ? 'bad' : 'good'
    if (verdict === 'good' && cond.phase === 'idle') return
    const fresh = !l.again && before !== undefined && before !== l.count
    // The compartment counting the item is the device the screens show: its state names this alert too.
    const context = l.compartment ? { ...rule.context, device: l.compartment } : undefined
    this.conds.observe(cond, verdict, l.count, fresh, l.name, context)
  }
}
