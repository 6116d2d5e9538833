// The overview's pure logic: how much a station needs attention, the district's tree (street → community →
// station), sorting, filtering and searching. No DOM here, so it is tested as plain functions.
import type { DistrictAlert, Station } from './types.js'

export type SortKey = 'place' | 'attention' | 'name' | 'visits'
export const SORTS: readonly SortKey[] = ['place', 'attention', 'name', 'visits']

/**
 * How urgently a station needs someone: dark first, then a critical alert, an escalated one, a warm fridge,
 * other alerts, restocks, silent devices. 0: nothing to do.
 */
export function attention(s: Station, escalated = 0): number {
  let n = 0
  if (!s.online) n += 1000
  n += s.openAlerts.critical * 200 + escalated * 150 + s.openAlerts.major * 50
  if (s.fridge?.alert) n += 40
  if (s.fridge?.offline) n += 20
  n += s.openAlerts.minor * 10 + s.openAlerts.warning * 5
  n += s.restockNeeded * 3 + s.devices.offline * 2
  return n
}

export interface Community {
  name: string
  stations: Station[]
}
export interface Street {
  name: string
  communities: Community[]
  stations: number
}

export interface ViewOptions {
  sort: SortKey
  /** Only stations with something to do. */
  onlyAttention: boolean
  search: string
}

const collator = new Intl.Collator('zh-CN')

/** Escalated open alerts per station, from the district's alert list. */
export function escalatedBy(alerts: readonly DistrictAlert[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const a of alerts) if (a.escalatedAt) m.set(a.stationId, (m.get(a.stationId) ?? 0) + 1)
  return m
}

function compare(sort: SortKey, score: (s: Station) => number) {
  return (a: Station, b: Station) => {
    if (sort === 'attention') return score(b) - score(a) || collator.compare(a.name, b.name)
    if (sort === 'visits') return b.today.checkins - a.today.checkins || collator.compare(a.name, b.name)
    if (sort === 'name') return collator.compare(a.name, b.name)
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }
}

/**
 * The tree the page shows: streets, their communities, their stations, after search and filter. With a
 * sort other than by place, stations are sorted inside their community, and communities and streets follow
 * their first station, so what needs attention rises to the top of the page.
 */
export function districtTree(
  stations: Iterable<Station>,
  escalated: ReadonlyMap<string, number>,
  o: ViewOptions,
): Street[] {
  const score = (s: Station) => attention(s, escalated.get(s.id) ?? 0)
  const q = o.search.trim().toLowerCase()
  const shown = [...stations].filter(
    (s) =>
      (!o.onlyAttention || score(s) > 0) &&
      (q === '' ||
        s.name.toLowerCase().includes(q) ||
        s.id.toLowerCase().includes(q) ||
        s.community.toLowerCase().includes(q) ||
        s.street.toLowerCase().includes(q)),
  )
  const cmp = compare(o.sort, score)
  shown.sort(cmp)
  const streets = new Map<string, Map<string, Station[]>>()
  for (const s of shown) {
    const street = streets.get(s.street) ?? new Map<string, Station[]>()
    streets.set(s.street, street)
    const list = street.get(s.community) ?? []
    street.set(s.community, list)
    list.push(s)
  }
  const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name)
  const tree = [...streets].map(([name, communities]) => {
    const list = [...communities].map(([c, stations]) => ({ name: c, stations }))
    if (o.sort === 'place') list.sort(byName)
    return { name, communities: list, stations: list.reduce((n, c) => n + c.stations.length, 0) }
  })
  if (o.sort === 'place') tree.sort(byName)
  return tree
}

/** Totals of a group of stations, for a street's or community's heading and the district's line. */
export function totals(stations: readonly Station[]) {
  let online = 0
  let critical = 0
  let alerts = 0
  let visits = 0
  for (const s of stations) {
    if (s.online) online++
    critical += s.openAlerts.critical
    alerts += s.openAlerts.total
    visits += s.today.checkins
  }
  return { stations: stations.length, online, critical, alerts, visits }
}
