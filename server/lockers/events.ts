import { Type } from 'typebox'
import { defineEvents, event, HASH_PATTERN } from '../store/event-kit.js'

/**
 * The lockers' journal: the truth of rentals, service and faults (memory is their projection, book.ts). Only
 * `locker.rental.reserved` holds anything of a person (a phone hash and mask, a PIN's keyed hash); the rest
 * are figures the uplink may send as they are.
 */

const Locker = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The locker id (lockers.lockers[].id).',
})
const RentalId = Type.String({ minLength: 1, maxLength: 64 })
const User = Type.String({ minLength: 1, maxLength: 64, description: 'The console account that acted.' })
const Reason = Type.String({ minLength: 1, maxLength: 200, description: 'Why, in the manager’s words.' })

export const ReservedEvent = Type.Object({
  rentalId: RentalId,
  locker: Locker,
  kind: Type.Enum(['phone', 'battery']),
  by: Type.Enum(['phone', 'pin'], { description: 'How the courier will take it back.' }),
  phoneHash: Type.String({
    pattern: HASH_PATTERN,
    description: 'HMAC of the phone; empty for a PIN or once redacted.',
  }),
  phoneMasked: Type.String({
    maxLength: 20,
    description: 'e.g. 138****1234; empty for a PIN or once redacted.',
  }),
  pinHash: Type.String({
    pattern: HASH_PATTERN,
    description:
      'HMAC of the PIN under the station key and the rental id; empty for a phone or once redacted.',
  }),
})

export const FaultEvent = Type.Object({
  fault: Type.Enum(['jam', 'forced', 'door-open', 'board-offline', 'pin-locked']),
  locker: Type.Union([Locker, Type.Null()], { description: 'null for a board’s fault.' }),
  bus: Type.String({ maxLength: 64 }),
  board: Type.Integer(),
  detail: Type.String({ maxLength: 200 }),
})

export const LockerEvents = defineEvents({
  'locker.rental.reserved': event({
    v: 1,
    schema: ReservedEvent,
    description:
      'A courier asked for a locker: it is theirs, durably, before its lock is fired (a crash after the unlock cannot hand their phone to the next courier).',
    personal: true,
    redact: (d) => ({ ...d, phoneHash: '', phoneMasked: '', pinHash: '' }),
  }),
  'locker.rental.started': event({
    v: 1,
    schema: Type.Object({
      rentalId: RentalId,
      locker: Locker,
      reconciled: Type.Boolean({ description: 'Found closed after a restart, not seen closing.' }),
    }),
    description: 'The door of a reserved locker closed: the rental’s time runs from here.',
  }),
  'locker.rental.cancelled': event({
    v: 1,
    schema: Type.Object({
      rentalId: RentalId,
      locker: Locker,
      reason: Type.Enum(['unavailable', 'jam', 'empty']),
    }),
    description:
      'A reservation that never became a rental: the board could not be reached, the lock jammed, or (after a restart) the locker was found empty.',
  }),
  'locker.rental.collecting': event({
    v: 1,
    schema: Type.Object({
      rentalId: RentalId,
      locker: Locker,
      by: Type.Enum(['phone', 'pin', 'manager']),
      user: Type.Union([User, Type.Null()]),
    }),
    description:
      'The rental’s owner (or a manager) asked for the locker back: recorded before its lock is fired.',
  }),
  'locker.rental.collect-failed': event({
    v: 1,
    schema: Type.Object({
      rentalId: RentalId,
      locker: Locker,
      reason: Type.Enum(['unavailable', 'jam', 'restart']),
    }),
    description: 'The locker did not open for its owner; the rental goes on.',
  }),
  'locker.rental.ended': event({
    v: 1,
    schema: Type.Object({
      rentalId: RentalId,
      locker: Locker,
      minutes: Type.Integer({ minimum: 0, description: 'From the door closing to the door closing again.' }),
      overdue: Type.Boolean(),
      by: Type.Enum(['phone', 'pin', 'manager']),
    }),
    description:
      'The door closed after the locker was opened for its owner (or a manager): the locker is free.',
  }),
  'locker.opened': event({
    v: 1,
    schema: Type.Object({ locker: Locker, user: User, reason: Reason }),
    description: 'A manager opened a locker from the console (recorded before its lock is fired).',
  }),
  'locker.service': event({
    v: 1,
    schema: Type.Object({
      locker: Locker,
      inService: Type.Boolean(),
      user: Type.Union([User, Type.Null()], { description: 'null: the hub itself (a jam).' }),
      reason: Reason,
    }),
    description: 'A locker taken out of service (by a manager, or by the hub on a jam) or put back.',
  }),
  'locker.fault': event({
    v: 1,
    schema: FaultEvent,
    description:
      'A fault seen by the hub: a jam, a door opened without a command, a door left open, a board offline, a locker’s code guessed too often.',
  }),
})
