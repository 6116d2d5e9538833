import type { Clock } from '../clock.js'

interface OpenDoor {
  since: number
  reminded: boolean
  alerted: boolean
  timers: unknown[]
}

export interface DoorTimerHooks {
  /** The door has been open `remindMs`: the kiosk reminds whoever is there to close it. */
  remind(locker: string): void
  /** Still open after `alertMs`: managers are alerted. */
  alert(locker: string, since: number): void
  /** It closed after an alert: the alert clears. */
  cleared(locker: string): void
}

/**
 * Times each open locker door: a reminder on the kiosk after `remindMs`, an alert after `alertMs`, both
 * undone when it closes. The times count from when the door was seen open (after a restart, from the first
 * status), on the injected clock.
 */
export class DoorTimers {
  readonly #open = new Map<string, OpenDoor>()

  constructor(
    private readonly clock: Clock,
    private readonly remindMs: number,
    private readonly alertMs: number,
    private readonly hooks: DoorTimerHooks,
  ) {}

  opened(locker: string, since = this.clock.now()): void {
    if (this.#open.has(locker)) return
    const door: OpenDoor = { since, reminded: false, alerted: false, timers: [] }
    const left = (ms: number) => Math.max(0, since + ms - this.clock.now())
    door.timers.push(
      this.clock.setTimeout(() => {
        door.reminded = true
        this.hooks.remind(locker)
      }, left(this.remindMs)),
      this.clock.setTimeout(() => {
        door.alerted = true
        this.hooks.alert(locker, since)
      }, left(this.alertMs)),
    )
    this.#open.set(locker, door)
  }

  closed(locker: string): void {
    const door = this.#open.get(locker)
    if (!door) return
    for (const t of door.timers) this.clock.clearTimeout(t)
    this.#open.delete(locker)
    if (door.alerted) this.hooks.cleared(locker)
  }

  reminded(locker: string): boolean {
    return this.#open.get(locker)?.reminded ?? false
  }

  stop(): void {
    for (const door of this.#open.values()) for (const t of door.timers) this.clock.clearTimeout(t)
    this.#open.clear()
  }
}
