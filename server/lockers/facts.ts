import type { CabinetFact, LockerSpec } from './cabinets.js'
import type { LockerCore } from './core.js'

const boardSubject = (bus: string, board: number) => `${bus}:${board}`

/** Restored at start (after the journal's replay): every running rental's time limit. */
export function armRentals(core: LockerCore): void {
  for (const r of core.book.rentals.values())
    if (r.startedAt !== null && r.stage !== 'reserved') core.overdue.arm(r.locker, r.startedAt)
}

/** What the boards report, made into the lockers' facts: rentals started and ended, faults, alerts. */
export function onFact(core: LockerCore, f: CabinetFact): void {
  switch (f.event) {
    case 'door-opened': {
      const spec = core.cabinets.at(f.bus, f.payload.board, f.payload.lock)
      if (spec) core.doors.opened(spec.id, Date.parse(f.payload.at))
      break
    }
    case 'door-closed': {
      const spec = core.cabinets.at(f.bus, f.payload.board, f.payload.lock)
      if (spec) doorClosed(core, spec)
      break
    }
    case 'uncommanded-open': {
      const spec = core.cabinets.at(f.bus, f.payload.board, f.payload.lock)
      if (spec)
        forced(
          core,
          spec,
          f.payload.resync ? 'opened while its board was not answering' : 'opened without a command',
        )
      break
    }
    case 'jam': {
      const spec = core.cabinets.at(f.bus, f.payload.board, f.payload.lock)
      if (!spec) break
      const why = f.payload.statusSeen
        ? `did not open within ${Math.round(f.payload.afterMs / 100) / 10} s of its unlock`
        : `no status came within ${Math.round(f.payload.afterMs / 100) / 10} s of its unlock (board silent?)`
      core.fault('jam', spec, why)
      core.takeOut(spec, `jam: ${why}`)
      core.alerts.raise('locker-jam', spec.id, spec.label, { statusSeen: f.payload.statusSeen ? 1 : 0 })
      break
    }
    case 'board-offline': {
      const { board, reason } = f.payload
      core.fault('board-offline', null, reason === 'silent' ? 'does not answer' : 'its serial port is gone', {
        bus: f.bus,
        board,
      })
      core.alerts.raise('locker-offline', boardSubject(f.bus, board), `${f.bus} #${board}`, { reason })
      break
    }
    case 'board-online': {
      core.alerts.clear('locker-offline', boardSubject(f.bus, f.payload.board))
      if (f.payload.first)
        for (const l of f.payload.locks) {
          const spec = core.cabinets.at(f.bus, f.payload.board, l.lock)
          if (spec) reconcile(core, spec, l.open, l.item)
        }
      break
    }
    case 'bus-down':
      core.log.warn(
        { bus: f.bus, path: f.payload.path, errno: f.payload.error.errno },
        `lockers: bus ${f.bus} is down: ${f.payload.error.message}`,
      )
      break
    case 'bus-up':
      core.log.info(
        { bus: f.bus, path: f.payload.path },
        `lockers: bus ${f.bus} ${f.payload.reopened ? 'reopened' : 'open'}`,
      )
      break
  }
  core.changed()
}

function doorClosed(core: LockerCore, spec: LockerSpec): void {
  core.doors.closed(spec.id)
  const r = core.book.rentals.get(spec.id)
  if (r?.stage === 'reserved') {
    core.record('locker.rental.started', { rentalId: r.rentalId, locker: spec.id, reconciled: false })
    core.overdue.arm(spec.id, core.clock.now())
  } else if (r?.stage === 'collecting') {
    const overdue = core.overdue.disarm(spec.id)
    if (overdue) core.alerts.clear('locker-overdue', spec.id)
    const minutes =
      r.startedAt === null ? 0 : Math.max(0, Math.round((core.clock.now() - r.startedAt) / 60_000))
    core.record('locker.rental.ended', {
      rentalId: r.rentalId,
      locker: spec.id,
      minutes,
      overdue,
      by: r.collectBy ?? r.by,
    })
  }
}

function forced(core: LockerCore, spec: LockerSpec, why: string): void {
  const r = core.book.rentals.get(spec.id)
  core.fault('forced', spec, `${why}${r ? ' (rented)' : ''}`)
  core.alerts.raise('locker-forced', spec.id, spec.label, { rented: r ? 1 : 0 })
}

/**
 * After a start (or a kill -9), a board's first status against the rentals the journal holds. A reservation
 * found shut became a rental while the hub was down, unless the board's sensor says the locker is empty. An
 * opening for its owner found shut ended the rental if the sensor says it is empty; otherwise nothing proves
 * it happened: the rental goes on, and its owner may ask again. A rented locker found open was opened
 * unwatched.
 */
function reconcile(core: LockerCore, spec: LockerSpec, open: boolean, item: boolean | undefined): void {
  if (open) core.doors.opened(spec.id)
  const r = core.book.rentals.get(spec.id)
  if (!r) return
  if (r.stage === 'reserved' && !open) {
    if (item === false)
      core.record('locker.rental.cancelled', { rentalId: r.rentalId, locker: spec.id, reason: 'empty' })
    else {
      core.record('locker.rental.started', { rentalId: r.rentalId, locker: spec.id, reconciled: true })
      core.overdue.arm(spec.id, core.clock.now())
    }
  } else if (r.stage === 'collecting' && !open) {
    // Taken out and shut while the hub was down, if the board's sensor says it is empty; else not proven.
    if (item === false) doorClosed(core, spec)
    else
      core.record('locker.rental.collect-failed', {
        rentalId: r.rentalId,
        locker: spec.id,
        reason: 'restart',
      })
  } else if (r.stage === 'active' && open) {
    forced(core, spec, 'found open after a restart')
  }
  core.log.info(
    { locker: spec.id, stage: r.stage, open, item },
    `lockers: locker ${spec.label} reconciled with its board (${open ? 'open' : 'shut'})`,
  )
}
