import { createLockBoardBus } from '../../devices/lock-board/bus.js'
import { CabinetMonitor } from '../../devices/lock-board/monitor.js'
import {
  CABINET_EVENTS,
  type CabinetEvents,
  type UnlockOutcome,
} from '../../devices/lock-board/monitor-events.js'
import type { Clock } from '../clock.js'
import type { LockerConfig, LockersConfig } from '../config/schema-lockers.js'

/** One locker as configured, with the number on its door. */
export interface LockerSpec {
  id: string
  label: string
  kind: LockerConfig['kind']
  bus: string
  board: number
  lock: number
}

/** What the boards last said of a locker's door. */
export interface DoorState {
  /** null: not heard from yet. */
  open: boolean | null
  openSince: string | null
  /** KR-CU16's infrared sensor: something inside (undefined where the board has none). */
  item: boolean | undefined
  /** The board answers, and the port is open. */
  online: boolean
  /** An unlock of it is being watched by the monitor. */
  unlocking: boolean
}

export interface BusState {
  id: string
  port: string
  profile: string
  connected: boolean
  boards: { address: number; online: boolean | null; lastSeenAt: string | null }[]
}

/** A cabinet fact with the bus it came from. */
export type CabinetFact = {
  [K in keyof CabinetEvents]: { bus: string; event: K; payload: CabinetEvents[K] }
}[keyof CabinetEvents]

/**
 * The station's lock boards: one driver and one cabinet monitor per configured bus (devices/lock-board), on
 * the hub's clock, and the map between locker ids and (bus, board, lock). The monitors never list serial
 * ports (SerialPort.list() needs udevadm): each opens its bus by its stable path and keeps reopening it.
 */
export class Cabinets {
  readonly lockers: LockerSpec[]
  readonly #byId = new Map<string, LockerSpec>()
  readonly #byPlace = new Map<string, LockerSpec>()
  readonly #monitors = new Map<string, CabinetMonitor>()
  readonly #config: LockersConfig

  constructor(
    config: LockersConfig,
    clock: Clock,
    onFact: (fact: CabinetFact) => void,
    onListenerError: (err: unknown, event: string) => void,
  ) {
    this.#config = config
    this.lockers = config.lockers.map((l) => ({ ...l, label: l.label ?? l.id }))
    for (const l of this.lockers) {
      this.#byId.set(l.id, l)
      this.#byPlace.set(`${l.bus}/${l.board}/${l.lock}`, l)
    }
    for (const b of config.buses) {
      const bus = createLockBoardBus({
        path: b.port,
        profile: b.profile,
        settings: b.settings,
        echo: b.echo,
        clock,
        onListenerError,
      })
      const monitor = new CabinetMonitor({
        bus,
        boards: b.boards,
        clock,
        pollMs: b.pollMs,
        jamAfterMs: (b.jamAfterSec ?? 5) * 1000,
        onListenerError,
      })
      for (const event of CABINET_EVENTS)
        monitor.on(event, (payload) => onFact({ bus: b.id, event, payload } as CabinetFact))
      this.#monitors.set(b.id, monitor)
    }
  }

  get configured(): boolean {
    return this.lockers.length > 0
  }

  get(id: string): LockerSpec | undefined {
    return this.#byId.get(id)
  }

  at(bus: string, board: number, lock: number): LockerSpec | undefined {
    return this.#byPlace.get(`${bus}/${board}/${lock}`)
  }

  /** Opens every bus; resolves at once even where an adapter is absent (each keeps trying by itself). */
  async start(): Promise<void> {
    await Promise.all([...this.#monitors.values()].map((m) => m.start()))
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#monitors.values()].map((m) => m.stop()))
  }

  /** Fires a locker's lock; rejects at once (sending nothing) when its port or board is down. */
  unlock(l: LockerSpec): Promise<UnlockOutcome> {
    return (this.#monitors.get(l.bus) as CabinetMonitor).unlock(l.board, l.lock)
  }

  /** Every locker's door as the boards last said, read in one snapshot per bus. */
  doors(): Map<string, DoorState> {
    const out = new Map<string, DoorState>()
    for (const [id, monitor] of this.#monitors) {
      const snap = monitor.snapshot()
      for (const b of snap.boards)
        for (const lk of b.locks) {
          const spec = this.at(id, b.board, lk.lock)
          if (!spec) continue
          out.set(spec.id, {
            open: lk.open,
            openSince: lk.openSince,
            item: lk.item,
            online: snap.connected && b.online === true,
            unlocking: lk.unlock !== null && lk.unlock !== 'jammed',
          })
        }
    }
    return out
  }

  buses(): BusState[] {
    return this.#config.buses.map((b) => {
      const snap = (this.#monitors.get(b.id) as CabinetMonitor).snapshot()
      return {
        id: b.id,
        port: b.port,
        profile: b.profile,
        connected: snap.connected,
        boards: snap.boards.map((x) => ({ address: x.board, online: x.online, lastSeenAt: x.lastSeenAt })),
      }
    })
  }

  stats() {
    return Object.fromEntries([...this.#monitors].map(([id, m]) => [id, m.stats()]))
  }
}
