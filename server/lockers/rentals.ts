import { randomUUID } from 'node:crypto'
import { LockBoardError } from '../../devices/lock-board/errors.js'
import type { UnlockOutcome } from '../../devices/lock-board/monitor-events.js'
import type { LockerSpec } from './cabinets.js'
import type { LockerCore } from './core.js'
import { LockerErrors } from './errors.js'
import { newPin, pinHash, samePinHash } from './pins.js'

export type Kind = LockerSpec['kind']
export type RentBy = { phone: string } | { pin: true }
export type CollectBy = { phone: string } | { locker: string; pin: string }

export interface Opened {
  locker: LockerSpec
  /** The lockers' revision once the door was seen open: the screen waits for a later one showing it shut. */
  rev: number
}

/** Fires a locker's lock; a board that cannot be reached is answered at once, with nothing sent. */
async function fire(core: LockerCore, spec: LockerSpec): Promise<UnlockOutcome> {
  try {
    return await core.cabinets.unlock(spec)
  } catch (err) {
    if (!(err instanceof LockBoardError)) throw err
    throw new LockerErrors.UNAVAILABLE(spec.label, err.code)
  }
}

const jamSec = (core: LockerCore, spec: LockerSpec) =>
  core.config.buses.find((b) => b.id === spec.bus)?.jamAfterSec ?? 5

/** A locker of `kind` a courier may have now: in service, not held, its board answering, its door shut. */
function pickFree(core: LockerCore, kind: Kind): LockerSpec {
  const doors = core.cabinets.doors()
  const candidates = core.cabinets.lockers.filter(
    (l) =>
      l.kind === kind &&
      !core.book.outOfService.has(l.id) &&
      !core.book.rentals.has(l.id) &&
      !core.busy.has(l.id),
  )
  const free = candidates.find((l) => {
    const d = doors.get(l.id)
    return d?.online === true && d.open === false && !d.unlocking
  })
  if (free) return free
  // Lockers that would be free but for their board: say the cabinet is unreachable, not full.
  const unreachable = candidates.find((l) => doors.get(l.id)?.online !== true)
  if (unreachable) throw new LockerErrors.UNAVAILABLE(unreachable.label, 'board offline')
  throw new LockerErrors.NONE_FREE(kind)
}

/**
 * A courier rents a locker: the locker is theirs durably (the reservation, with their phone's hash or a new
 * PIN's hash) before its lock fires; the answer comes once the board shows the door open. The rental itself
 * starts when the door closes (facts.ts).
 */
export async function rent(
  core: LockerCore,
  kind: Kind,
  by: RentBy,
): Promise<Opened & { pin: string | null }> {
  const phone = 'phone' in by ? by.phone : null
  const phoneHash = phone ? core.phones.hash(phone) : ''
  const held = phone ? core.book.byPhone(phoneHash) : undefined
  if (held) throw new LockerErrors.PHONE_BUSY(core.cabinets.get(held.locker)?.label ?? held.locker)
  const spec = pickFree(core, kind)
  const rentalId = randomUUID()
  const pin = phone ? null : newPin()
  core.busy.add(spec.id)
  try {
    await core.commit([
      {
        type: 'locker.rental.reserved',
        data: {
          rentalId,
          locker: spec.id,
          kind,
          by: phone ? 'phone' : 'pin',
          phoneHash,
          phoneMasked: phone ? core.phones.mask(phone) : '',
          pinHash: pin ? pinHash(core.phones, rentalId, pin) : '',
        },
      },
    ])
    core.changed()
    let outcome: UnlockOutcome
    try {
      outcome = await fire(core, spec)
    } catch (err) {
      core.record('locker.rental.cancelled', { rentalId, locker: spec.id, reason: 'unavailable' })
      core.changed()
      throw err
    }
    if (outcome.outcome === 'jammed') {
      core.record('locker.rental.cancelled', { rentalId, locker: spec.id, reason: 'jam' })
      core.changed()
      throw new LockerErrors.JAMMED(spec.label, jamSec(core, spec))
    }
    return { locker: spec, pin, rev: core.rev }
  } finally {
    core.busy.delete(spec.id)
  }
}

/** The rental a credential opens, or the error to answer; wrong PINs are counted per locker and address. */
function find(core: LockerCore, by: CollectBy, address: string) {
  if ('phone' in by) {
    const r = core.book.byPhone(core.phones.hash(by.phone))
    if (r?.stage !== 'active') throw new LockerErrors.RENTAL_NOT_FOUND()
    return r
  }
  const spec = core.cabinets.get(by.locker)
  if (!spec) throw new LockerErrors.NOT_FOUND(by.locker)
  const until = core.pins.refusedUntil(spec.id, address)
  if (until !== null) throw lockedError(core, until)
  const r = core.book.rentals.get(spec.id)
  const ok =
    r?.by === 'pin' &&
    r.stage === 'active' &&
    samePinHash(r.pinHash, pinHash(core.phones, r.rentalId, by.pin))
  if (r && ok) {
    core.pins.succeeded(spec.id)
    return r
  }
  const f = core.pins.failed(spec.id, address)
  if (f.lockedLocker) core.fault('pin-locked', spec, `${core.config.pinTries} wrong codes in a row`)
  if (f.lockedLocker || f.lockedAddress)
    throw lockedError(core, core.pins.refusedUntil(spec.id, address) ?? core.clock.now())
  throw new LockerErrors.PIN_WRONG(spec.label, f.left)
}

/** Refused until `until`: the answer says when, and its retry-after header how long (routes). */
function lockedError(core: LockerCore, until: number) {
  const err = new LockerErrors.PIN_LOCKED(new Date(until).toISOString())
  return Object.assign(err, { retryAfterSec: Math.max(1, Math.ceil((until - core.clock.now()) / 1000)) })
}

/**
 * A courier takes their locker back by phone or PIN: recorded (collecting) before the lock fires; the
 * rental ends when the door closes again (facts.ts). A failed opening leaves the rental as it was.
 */
export async function collect(core: LockerCore, by: CollectBy, address: string): Promise<Opened> {
  const r = find(core, by, address)
  const spec = core.cabinets.get(r.locker) as LockerSpec
  if (core.busy.has(spec.id)) throw new LockerErrors.BUSY(spec.label)
  if (core.cabinets.doors().get(spec.id)?.online !== true)
    throw new LockerErrors.UNAVAILABLE(spec.label, 'board offline')
  core.busy.add(spec.id)
  try {
    const rentalId = r.rentalId
    await core.commit([
      { type: 'locker.rental.collecting', data: { rentalId, locker: spec.id, by: r.by, user: null } },
    ])
    core.changed()
    let outcome: UnlockOutcome
    try {
      outcome = await fire(core, spec)
    } catch (err) {
      core.record('locker.rental.collect-failed', { rentalId, locker: spec.id, reason: 'unavailable' })
      core.changed()
      throw err
    }
    if (outcome.outcome === 'jammed') {
      core.record('locker.rental.collect-failed', { rentalId, locker: spec.id, reason: 'jam' })
      core.changed()
      throw new LockerErrors.JAMMED(spec.label, jamSec(core, spec))
    }
    return { locker: spec, rev: core.rev }
  } finally {
    core.busy.delete(spec.id)
  }
}
