import { type Static, Type } from 'typebox'
import { PROFILE_NAMES } from '../../devices/lock-board/profiles.js'
import { Id } from './schema-id.js'

/**
 * The charging lockers (issue 13): the RS-485 buses with their lock boards, the lockers couriers rent (one
 * lock each), and the rental's timings. docs/lockers-wiring.md is the guide for the person fitting a cabinet.
 */

const BoardSchema = Type.Object(
  {
    address: Type.Integer({
      minimum: 0,
      maximum: 255,
      description:
        'The address set on the board’s switch: 0–9 on Kerong boards, 1–31 on 0x8A boards (docs/lockers-wiring.md, section 3).',
    }),
    locks: Type.Integer({
      minimum: 1,
      maximum: 48,
      description: 'Locks wired on this board, numbered from 1.',
    }),
  },
  { additionalProperties: false },
)

const BusSchema = Type.Object(
  {
    id: Id('Bus id, used by each locker’s `bus`.'),
    port: Type.String({
      minLength: 1,
      maxLength: 300,
      description:
        'The USB-RS485 adapter by its stable name, /dev/serial/by-id/… (or /dev/serial/by-path/…): never /dev/ttyUSB0, whose number changes. The hub reopens it by this path after an unplug.',
    }),
    profile: Type.Enum(PROFILE_NAMES, {
      description: 'Which lock board speaks on this bus: kerong-cu16, kerong-cu48 or generic-8a.',
    }),
    settings: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
        description:
          'This installation’s answers where the sources disagree, e.g. { lockedBit: 0 } or { feedback: door-opening } (docs/lockers-wiring.md, section 5). Omitted: the profile’s defaults.',
      }),
    ),
    echo: Type.Optional(
      Type.Boolean({
        description: 'The adapter reads back what it sends (rare with USB adapters). Default false.',
      }),
    ),
    pollMs: Type.Optional(
      Type.Integer({
        minimum: 50,
        maximum: 10_000,
        description:
          'How often each board is asked for its locks’ state, in ms. Default the profile’s (500); never below the profile’s minimum.',
      }),
    ),
    jamAfterSec: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 60,
        description:
          'An unlock whose door is not seen open within this many seconds is a jam: the locker is taken out of service and managers are alerted. Default 5.',
      }),
    ),
    boards: Type.Array(BoardSchema, {
      minItems: 1,
      maxItems: 31,
      description: 'The lock boards on this bus, each at its own address.',
    }),
  },
  { additionalProperties: false },
)

const LockerSchema = Type.Object(
  {
    id: Id('Locker id, as the console and the journal name it.'),
    label: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 6,
        description: 'The number painted on the door, shown large on the kiosk. Default the id.',
      }),
    ),
    kind: Type.Enum(['phone', 'battery'], {
      description: 'What it charges: phone (手机充电) or battery (电池充电, an e-bike battery).',
    }),
    bus: Type.String({ minLength: 1, maxLength: 64, description: 'Id of the bus its board is on.' }),
    board: Type.Integer({ minimum: 0, maximum: 255, description: 'Address of its board on that bus.' }),
    lock: Type.Integer({
      minimum: 1,
      maximum: 48,
      description: 'Its lock on that board (the terminal number).',
    }),
  },
  { additionalProperties: false },
)

export const LockersSchema = Type.Object(
  {
    buses: Type.Array(BusSchema, {
      maxItems: 8,
      description: 'One entry per USB-RS485 adapter. None: the station has no charging lockers.',
    }),
    lockers: Type.Array(LockerSchema, {
      maxItems: 480,
      description: 'What a courier rents: one lock each, with its kind.',
    }),
    timeLimitMin: Type.Integer({
      minimum: 1,
      maximum: 7 * 24 * 60,
      description:
        'A rental longer than this (minutes) is overdue: the kiosk shows the locker as overdue and managers get an alert.',
    }),
    doorRemindSec: Type.Integer({
      minimum: 5,
      maximum: 3600,
      description:
        'A locker door left open this many seconds is shown on the kiosk with a reminder to close it.',
    }),
    doorAlertMin: Type.Integer({
      minimum: 1,
      maximum: 1440,
      description: 'A locker door still open after this many minutes raises an alert for managers.',
    }),
    pinTries: Type.Integer({
      minimum: 1,
      maximum: 20,
      description:
        'Wrong retrieval codes (PINs) allowed for one locker before its code is refused for pinLockMin minutes.',
    }),
    pinTriesPerAddress: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description:
        'Wrong retrieval codes allowed from one address (any locker) within pinLockMin minutes before that address is refused.',
    }),
    pinLockMin: Type.Integer({
      minimum: 1,
      maximum: 1440,
      description: 'How long (minutes) a locker or an address is refused after too many wrong codes.',
    }),
  },
  {
    additionalProperties: false,
    description: 'Charging lockers on RS-485 lock boards (docs/lockers-wiring.md).',
  },
)

export type LockersConfig = Static<typeof LockersSchema>
export type LockerBusConfig = LockersConfig['buses'][number]
export type LockerConfig = LockersConfig['lockers'][number]

export const LOCKER_DEFAULTS: LockersConfig = {
  buses: [],
  lockers: [],
  timeLimitMin: 240,
  doorRemindSec: 30,
  doorAlertMin: 3,
  pinTries: 5,
  pinTriesPerAddress: 20,
  pinLockMin: 15,
}
