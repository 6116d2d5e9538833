/**
 * A month's figures for a report (docs/central.md, "The monthly report"): one line per station, each a plain
 * count or a sum, so that a community, a street and the district are exact sums of their stations. Pure:
 * no I/O (month-query.ts reads them from the database).
 */

export interface MonthFigures {
  visits: {
    total: number
    returning: number
    byPlatform: Record<string, number>
    byPurpose: Record<string, number>
  }
  /** Services given: every purpose of every visit, each help request, each charging-locker rental. */
  services: number
  screenings: {
    /** Sign-ups (a place at once, or on the waiting list). */
    signups: number
    /** Places given: sign-ups with a place at once, and waiting-list places that became one. */
    places: number
    waiting: number
    cancellations: number
    promoted: number
  }
  help: { total: number; byReason: Record<string, number> }
  alerts: {
    /** Raised in the month (station time). */
    raised: number
    critical: number
    major: number
    minor: number
    warning: number
    /** Of those raised, acknowledged (at the station or from the district). */
    acknowledged: number
    /** Seconds from raised to acknowledged, summed over those acknowledged (an average is this / acknowledged). */
    ackSecondsTotal: number
    /** The longest of them (a maximum: the larger one when summed). */
    ackSecondsMax: number
  }
  coldChain: {
    /** Fridge-days with readings: one per thermometer and day. */
    days: number
    /** Of them, days without a temperature excursion. */
    inRange: number
    excursions: number
  }
  /** Batches put in the medicine box. */
  restocks: number
  lockers: { rentals: number; faults: number }
}

export const emptyMonth = (): MonthFigures => ({
  visits: { total: 0, returning: 0, byPlatform: {}, byPurpose: {} },
  services: 0,
  screenings: { signups: 0, places: 0, waiting: 0, cancellations: 0, promoted: 0 },
  help: { total: 0, byReason: {} },
  alerts: {
    raised: 0,
    critical: 0,
    major: 0,
    minor: 0,
    warning: 0,
    acknowledged: 0,
    ackSecondsTotal: 0,
    ackSecondsMax: 0,
  },
  coldChain: { days: 0, inRange: 0, excursions: 0 },
  restocks: 0,
  lockers: { rentals: 0, faults: 0 },
})

const addCounts = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n
}

/** `a` plus `b`, field by field (the longest acknowledgement is the larger of the two). */
export function addMonth(a: MonthFigures, b: MonthFigures): MonthFigures {
  const out = structuredClone(a)
  out.visits.total += b.visits.total
  out.visits.returning += b.visits.returning
  addCounts(out.visits.byPlatform, b.visits.byPlatform)
  addCounts(out.visits.byPurpose, b.visits.byPurpose)
  out.services += b.services
  for (const k of Object.keys(out.screenings) as (keyof MonthFigures['screenings'])[])
    out.screenings[k] += b.screenings[k]
  out.help.total += b.help.total
  addCounts(out.help.byReason, b.help.byReason)
  for (const k of Object.keys(out.alerts) as (keyof MonthFigures['alerts'])[])
    out.alerts[k] = k === 'ackSecondsMax' ? Math.max(out.alerts[k], b.alerts[k]) : out.alerts[k] + b.alerts[k]
  out.coldChain.days += b.coldChain.days
  out.coldChain.inRange += b.coldChain.inRange
  out.coldChain.excursions += b.coldChain.excursions
  out.restocks += b.restocks
  out.lockers.rentals += b.lockers.rentals
  out.lockers.faults += b.lockers.faults
  return out
}

export const sumMonths = (all: MonthFigures[]): MonthFigures => all.reduce(addMonth, emptyMonth())

/** Services given, from the parts it counts (kept in one place so the report and its docs agree). */
export function servicesOf(f: MonthFigures): number {
  const purposes = Object.values(f.visits.byPurpose).reduce((a, n) => a + n, 0)
  return purposes + f.help.total + f.lockers.rentals
}

/** The average minutes from raised to acknowledged, one decimal; null when none was acknowledged. */
export const averageAckMinutes = (f: MonthFigures): number | null =>
  f.alerts.acknowledged === 0
    ? null
    : Math.round((f.alerts.ackSecondsTotal / f.alerts.acknowledged / 60) * 10) / 10
