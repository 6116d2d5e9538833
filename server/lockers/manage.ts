import { LockBoardError } from '../../devices/lock-board/errors.js'
import type { UnlockOutcome } from '../../devices/lock-board/monitor-events.js'
import type { LockerSpec } from './cabinets.js'
import type { LockerCore } from './core.js'
import { LockerErrors } from './errors.js'

function locker(core: LockerCore, id: string): LockerSpec {
  const spec = core.cabinets.get(id)
  if (!spec) throw new LockerErrors.NOT_FOUND(id)
  return spec
}

/**
 * A manager opens a locker from the console, with a reason: recorded (who, why) before the lock fires; out
 * of service or not. With `endRental`, a running rental ends when the door closes again (a phone left past
 * its time, handed back by the staff).
 */
export async function managerOpen(
  core: LockerCore,
  id: string,
  user: string,
  reason: string,
  endRental: boolean,
): Promise<{ locker: LockerSpec; outcome: UnlockOutcome['outcome'] }> {
  const spec = locker(core, id)
  if (core.busy.has(id)) throw new LockerErrors.BUSY(spec.label)
  const r = core.book.rentals.get(id)
  const ending = endRental && r?.stage === 'active' ? r : null
  core.busy.add(id)
  try {
    await core.commit([
      { type: 'locker.opened', data: { locker: id, user, reason } },
      ...(ending
        ? [
            {
              type: 'locker.rental.collecting' as const,
              data: { rentalId: ending.rentalId, locker: id, by: 'manager' as const, user },
            },
          ]
        : []),
    ])
    core.changed()
    let outcome: UnlockOutcome
    try {
      outcome = await core.cabinets.unlock(spec)
    } catch (err) {
      if (ending)
        core.record('locker.rental.collect-failed', {
          rentalId: ending.rentalId,
          locker: id,
          reason: 'unavailable',
        })
      core.changed()
      if (err instanceof LockBoardError) throw new LockerErrors.UNAVAILABLE(spec.label, err.code)
      throw err
    }
    if (outcome.outcome === 'jammed' && ending)
      core.record('locker.rental.collect-failed', { rentalId: ending.rentalId, locker: id, reason: 'jam' })
    core.changed()
    return { locker: spec, outcome: outcome.outcome }
  } finally {
    core.busy.delete(id)
  }
}

/** Takes a locker out of service or puts it back, with who and why. Back in service ends its jam alert. */
export async function setService(
  core: LockerCore,
  id: string,
  inService: boolean,
  user: string,
  reason: string,
): Promise<LockerSpec> {
  const spec = locker(core, id)
  await core.commit([{ type: 'locker.service', data: { locker: id, inService, user, reason } }])
  if (inService) {
    core.pins.reset(id)
    core.alerts.clear('locker-jam', id)
  }
  core.changed()
  return spec
}
