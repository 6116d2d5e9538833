import type { DeviceKind, UnregisteredDevice } from './types.js'

/**
 * Device ids seen on native topics that the config does not list. Capped: past `max` ids, new ones are
 * only counted, so a flood of random ids cannot grow memory without bound.
 */
export class UnregisteredDevices {
  readonly #byId = new Map<string, UnregisteredDevice>()
  dropped = 0

  constructor(private readonly max: number) {}

  /** Records a message; returns the entry when it is new or changed, null when dropped by the cap. */
  seen(id: string, at: string, guessedKind: DeviceKind | null): UnregisteredDevice | null {
    let entry = this.#byId.get(id)
    if (!entry) {
      if (this.#byId.size >= this.max) {
        this.dropped++
        return null
      }
      entry = { id, firstSeen: at, lastSeen: at, messages: 0, guessedKind }
      this.#byId.set(id, entry)
    }
    entry.lastSeen = at
    entry.messages++
    if (guessedKind) entry.guessedKind = guessedKind
    return entry
  }

  list(): UnregisteredDevice[] {
    return [...this.#byId.values()]
  }
}
