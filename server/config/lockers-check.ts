import { boardProblems, PROFILES, resolveProfile, SettingsError } from '../../devices/lock-board/profiles.js'
import type { ProfileName } from '../../devices/lock-board/types.js'
import type { LockersConfig } from './schema-lockers.js'

/** A port name that changes when adapters are plugged in another order (docs/lockers-wiring.md, section 2). */
const UNSTABLE_PORT = /^\/dev\/tty(USB|ACM)\d+$/

/**
 * What the schema cannot say about the lockers section: ids unique, each locker on a bus, board and lock that
 * exist, no lock used twice, board addresses and settings the profile accepts, a stable port name. Every
 * problem at once, each naming its key.
 */
export function lockerProblems(l: LockersConfig): string[] {
  const out: string[] = []
  const buses = new Map<string, number>()
  const ports = new Map<string, number>()
  l.buses.forEach((b, i) => {
    const key = `lockers.buses[${i}]`
    const first = buses.get(b.id)
    if (first !== undefined) out.push(`${key}.id: "${b.id}" is already used by lockers.buses[${first}]`)
    else buses.set(b.id, i)
    const samePort = ports.get(b.port)
    if (samePort !== undefined)
      out.push(`${key}.port: "${b.port}" is already the port of lockers.buses[${samePort}]`)
    else ports.set(b.port, i)
    if (UNSTABLE_PORT.test(b.port))
      out.push(
        `${key}.port: "${b.port}" changes when adapters re-enumerate; give its /dev/serial/by-id/… name (ls -l /dev/serial/by-id/)`,
      )
    const profile = PROFILES[b.profile as ProfileName]
    try {
      resolveProfile(b.profile, b.settings ?? {})
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err
      for (const p of err.problems) out.push(`${key}.settings.${p}`)
    }
    for (const p of boardProblems(profile, b.boards)) out.push(`${key}.${p}`)
    if (b.pollMs !== undefined && b.pollMs < profile.poll.minMs)
      out.push(`${key}.pollMs: ${b.profile} allows ${profile.poll.minMs} ms at least`)
  })
  const lockers = new Map<string, number>()
  const labels = new Map<string, number>()
  const locks = new Map<string, number>()
  l.lockers.forEach((x, i) => {
    const key = `lockers.lockers[${i}]`
    const first = lockers.get(x.id)
    if (first !== undefined) out.push(`${key}.id: "${x.id}" is already used by lockers.lockers[${first}]`)
    else lockers.set(x.id, i)
    const label = x.label ?? x.id
    const sameLabel = labels.get(label)
    if (sameLabel !== undefined)
      out.push(`${key}.label: "${label}" is already shown on lockers.lockers[${sameLabel}]`)
    else labels.set(label, i)
    const b = buses.get(x.bus)
    const bus = b === undefined ? undefined : l.buses[b]
    if (!bus) {
      out.push(`${key}.bus: no bus with id "${x.bus}" in lockers.buses`)
      return
    }
    const board = bus.boards.find((d) => d.address === x.board)
    if (!board) out.push(`${key}.board: bus "${x.bus}" has no board at address ${x.board}`)
    else if (x.lock > board.locks)
      out.push(`${key}.lock: board ${x.board} on bus "${x.bus}" has locks 1–${board.locks}`)
    const where = `${x.bus}/${x.board}/${x.lock}`
    const taken = locks.get(where)
    if (taken !== undefined)
      out.push(
        `${key}.lock: bus "${x.bus}" board ${x.board} lock ${x.lock} is already lockers.lockers[${taken}]`,
      )
    else locks.set(where, i)
  })
  return out
}
