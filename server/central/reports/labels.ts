import { defaults } from '../../config/defaults.js'
import type { LineLevel } from './report.js'

/**
 * Chinese names of the ids stations send (platforms, purposes, help reasons): the station's own defaults
 * (server/config/defaults.ts). A station may configure others; those are shown by their id.
 */
const platforms = new Map(defaults.kiosk.platforms.map((p) => [p.id, p.zh]))
const purposes = new Map(defaults.kiosk.purposes.map((p) => [p.id, p.zh]))

/** Ids in the order the station's defaults list them (美团 first), then any others by id. */
const ordered = (known: Map<string, string>) => (ids: Iterable<string>) => {
  const rank = [...known.keys()]
  const at = (id: string) => (rank.includes(id) ? rank.indexOf(id) : rank.length)
  return [...new Set(ids)].sort((a, b) => at(a) - at(b) || a.localeCompare(b))
}
export const platformOrder = ordered(platforms)
export const purposeOrder = ordered(purposes)

export const platformLabel = (id: string) => platforms.get(id) ?? id
export const purposeLabel = (id: string) => purposes.get(id) ?? id

export const LEVEL_LABEL: Record<LineLevel, string> = {
  station: '站点',
  community: '社区合计',
  street: '街道合计',
  district: '辖区合计',
}
