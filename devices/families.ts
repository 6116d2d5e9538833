/** How a station's flat device list becomes simulated device families. Pure, so it is tested on its own. */

export type SimKind = 'temperature' | 'door' | 'stock'

export interface SimDevice {
  id: string
  kind: SimKind
  /** Stock devices on a scale: grams per item; the compartment then publishes a weight instead of a count. */
  unitWeight?: number
  username?: string
  password?: string
}

export interface Families {
  /** A thermometer, with the door whose id shares its prefix (`fridge-temp` + `fridge-door`) if there is one. */
  fridges: Array<{ temperature: SimDevice; door?: SimDevice }>
  /** Doors that belong to no fridge: locker doors. */
  doors: SimDevice[]
  /** Stock devices: medicine-box compartments. */
  compartments: SimDevice[]
}

/** `fridge-temp` → `fridge-`, `locker-01-door` → `locker-01-`, `fridge_door` → `fridge_`; no separator, none. */
export function familyPrefix(id: string): string | undefined {
  return /^(.+[-_])[^-_]+$/.exec(id)?.[1]
}

export function groupDevices(devices: SimDevice[]): Families {
  const families: Families = { fridges: [], doors: [], compartments: [] }
  const doors = devices.filter((d) => d.kind === 'door')
  const paired = new Set<SimDevice>()
  for (const d of devices) {
    if (d.kind === 'stock') families.compartments.push(d)
    if (d.kind !== 'temperature') continue
    const prefix = familyPrefix(d.id)
    const door = prefix ? doors.find((x) => !paired.has(x) && familyPrefix(x.id) === prefix) : undefined
    if (door) paired.add(door)
    families.fridges.push(door ? { temperature: d, door } : { temperature: d })
  }
  families.doors = doors.filter((d) => !paired.has(d))
  return families
}

/** Every problem with a device list at once, so a bad station file is fixed in one go. */
export function deviceListProblems(devices: SimDevice[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  devices.forEach((d, i) => {
    if (typeof d.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(d.id))
      problems.push(`devices[${i}].id: expected 1–64 letters, digits, _ or -`)
    else if (seen.has(d.id)) problems.push(`devices[${i}].id: "${d.id}" is used twice`)
    else seen.add(d.id)
    if (!['temperature', 'door', 'stock'].includes(d.kind))
      problems.push(`devices[${i}].kind: expected temperature, door or stock`)
    if (d.unitWeight !== undefined && !(typeof d.unitWeight === 'number' && d.unitWeight > 0))
      problems.push(`devices[${i}].unitWeight: expected a number of grams above 0`)
  })
  return problems
}
