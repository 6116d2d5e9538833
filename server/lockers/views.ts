import type { Static } from 'typebox'
import { DAY, type StationTime } from '../time/station-time.js'
import type { DayFigures } from './book.js'
import type { LockerCore } from './core.js'
import type { DaySchema, LockersSummary, ManagedLockersSchema } from './schemas.js'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** What the kiosk shows (GET /api/lockers, socket `lockers`): no person, only each locker's state. */
export function summary(core: LockerCore): Static<typeof LockersSummary> {
  const doors = core.cabinets.doors()
  const free = { phone: 0, battery: 0 }
  const lockers = core.cabinets.lockers.map((l) => {
    const d = doors.get(l.id)
    const rented = core.book.rentals.has(l.id)
    const usable = !core.book.outOfService.has(l.id) && d?.online === true
    const state = rented ? 'busy' : usable && d?.open === false && !d.unlocking ? 'free' : 'unavailable'
    if (state === 'free' && !core.busy.has(l.id)) free[l.kind]++
    return {
      id: l.id,
      label: l.label,
      kind: l.kind,
      state: state as 'free' | 'busy' | 'unavailable',
      doorOpen: d?.open === true,
      remind: core.doors.reminded(l.id),
      overdue: core.overdue.isOverdue(l.id),
    }
  })
  return { rev: core.rev, timeLimitMin: core.config.timeLimitMin, free, lockers }
}

/** What the console shows: every locker with its door, service and rental (the phone masked), every bus. */
export function managed(core: LockerCore): Static<typeof ManagedLockersSchema> {
  const doors = core.cabinets.doors()
  const now = core.clock.now()
  return {
    rev: core.rev,
    timeLimitMin: core.config.timeLimitMin,
    buses: core.cabinets.buses(),
    lockers: core.cabinets.lockers.map((l) => {
      const d = doors.get(l.id)
      const r = core.book.rentals.get(l.id)
      const out = core.book.outOfService.get(l.id)
      return {
        ...l,
        door: d?.open === true ? 'open' : d?.open === false ? 'closed' : 'unknown',
        openSince: d?.open === true ? (d.openSince ?? null) : null,
        item: d?.item ?? null,
        online: d?.online === true,
        inService: !out,
        service: out ? { reason: out.reason, user: out.user, at: iso(out.at) as string } : null,
        rental: r
          ? {
              id: r.rentalId,
              by: r.by,
              phoneMasked: r.phoneMasked || null,
              stage: r.stage,
              reservedAt: iso(r.reservedAt) as string,
              startedAt: iso(r.startedAt),
              minutes: r.startedAt === null ? 0 : Math.max(0, Math.floor((now - r.startedAt) / 60_000)),
              overdue: core.overdue.isOverdue(l.id),
              reconciled: r.reconciled,
            }
          : null,
      }
    }),
  }
}

/** Boards not answering or ports gone, in words, for /api/health (empty: all well, or no lockers). */
export function problems(core: LockerCore): string[] {
  const out: string[] = []
  for (const b of core.cabinets.buses()) {
    if (!b.connected) out.push(`bus ${b.id}: serial port ${b.port} is not open`)
    else
      for (const x of b.boards)
        if (x.online !== true) out.push(`bus ${b.id}: board ${x.address} does not answer`)
  }
  return out
}

/** The figures of each station day from `from` to `to` (YYYY-MM-DD, both included). Nothing personal. */
export function figures(
  core: LockerCore,
  time: StationTime,
  from: string,
  to: string,
): Static<typeof DaySchema>[] {
  const start = time.dayStart(from)
  const end = time.dayStart(to)
  if (start === null || end === null) return []
  const out: Static<typeof DaySchema>[] = []
  for (let t = start + DAY / 2; t <= end + DAY / 2 && out.length <= 400; t += DAY) {
    const day = time.day(t)
    const f: DayFigures = core.book.days.get(day) ?? {
      rentals: 0,
      ended: 0,
      overdue: 0,
      cancelled: 0,
      minutes: 0,
      opened: 0,
      faults: {},
    }
    out.push({ day, ...f, faults: { ...f.faults } })
  }
  return out
}
