import type { JournalEntry } from '../store/journal.js'
import type { Projection } from '../store/store.js'
import type { StationTime } from '../time/station-time.js'

export interface DayFigures {
  screenings: { signups: number; cancellations: number; promoted: number }
  help: { total: number; byReason: Record<string, number> }
}

const KEEP_DAYS = 3
const empty = (): DayFigures => ({
  screenings: { signups: 0, cancellations: 0, promoted: 0 },
  help: { total: 0, byReason: {} },
})

/**
 * Screening and help figures of the last few station days, for a birth's `today` (check-ins come from the
 * check-in feature's own figures). A projection of the journal, also fed live as entries commit.
 */
export class RecentDayFigures {
  #days = new Map<string, DayFigures>()

  constructor(private readonly time: StationTime) {}

  of(day: string): DayFigures {
    return this.#days.get(day) ?? empty()
  }

  apply(e: JournalEntry): void {
    const day = this.time.day(Date.parse(e.ts))
    let f = this.#days.get(day)
    if (!f) {
      f = empty()
      this.#days.set(day, f)
      for (const old of [...this.#days.keys()].sort().slice(0, -KEEP_DAYS)) this.#days.delete(old)
    }
    if (e.type === 'screening.signup') f.screenings.signups++
    else if (e.type === 'screening.cancel') f.screenings.cancellations++
    else if (e.type === 'screening.promoted') f.screenings.promoted++
    else if (e.type === 'help.requested') {
      const reason = (e.data as { reason: string }).reason
      f.help.total++
      f.help.byReason[reason] = (f.help.byReason[reason] ?? 0) + 1
    }
  }

  projection(): Projection {
    return {
      name: 'uplink-days',
      version: 1,
      types: ['screening.signup', 'screening.cancel', 'screening.promoted', 'help.requested'],
      apply: (e) => this.apply(e),
      save: () => Object.fromEntries(this.#days),
      load: (data) => {
        this.#days = new Map(Object.entries(data as Record<string, DayFigures>))
      },
    }
  }
}
