import type { Db } from '../db/db.js'
import { type MonthFigures, sumMonths } from './figures.js'
import { platformOrder, purposeOrder } from './labels.js'
import { monthFigures, type ReportStation } from './month-query.js'

/** What a report covers: `scope=district | street:<name> | community:<name> | station:<id>`. */
export type ReportScope =
  | { kind: 'district' }
  | { kind: 'street'; street: string }
  | { kind: 'community'; street: string; community: string }
  | { kind: 'station'; id: string }

export type LineLevel = 'station' | 'community' | 'street' | 'district'

export interface ReportLine {
  level: LineLevel
  street: string
  community: string
  stationId: string
  name: string
  figures: MonthFigures
}

export interface MonthlyReport {
  month: string
  district: string
  scope: ReportScope
  /** 东四街道 / 民安社区 / 民安驿站 (demo): what the report is of, as a person names it. */
  title: string
  generatedAt: string
  /** Stations first, then each community's and street's sum after its stations, the district's last. */
  lines: ReportLine[]
  /** The report's own sum (its last line). */
  total: MonthFigures
  /** Platform, purpose and help-reason ids met in the month, in a stable order (columns of the CSV). */
  platforms: string[]
  purposes: string[]
}

const byPlace = (a: ReportStation, b: ReportStation) =>
  a.street.localeCompare(b.street, 'zh') ||
  a.community.localeCompare(b.community, 'zh') ||
  a.id.localeCompare(b.id)

/** The report of `stations` (already the scope's, in any order) for `month`. */
export async function buildReport(
  db: Db,
  o: { stations: ReportStation[]; scope: ReportScope; month: string; now: number; district: string },
): Promise<MonthlyReport> {
  const stations = [...o.stations].sort(byPlace)
  const figures = await monthFigures(db, stations, o.month, o.now)
  const lines: ReportLine[] = []
  const sum = (level: LineLevel, street: string, community: string, name: string, of: ReportStation[]) =>
    lines.push({
      level,
      street,
      community,
      stationId: '',
      name,
      figures: sumMonths(of.map((s) => figures.get(s.id) as MonthFigures)),
    })
  for (const street of [...new Set(stations.map((s) => s.street))]) {
    const onStreet = stations.filter((s) => s.street === street)
    for (const community of [...new Set(onStreet.map((s) => s.community))]) {
      const inCommunity = onStreet.filter((s) => s.community === community)
      for (const s of inCommunity)
        lines.push({
          level: 'station',
          street,
          community,
          stationId: s.id,
          name: s.name,
          figures: figures.get(s.id) as MonthFigures,
        })
      if (o.scope.kind !== 'station') sum('community', street, community, `${community} 合计`, inCommunity)
    }
    if (o.scope.kind === 'street' || o.scope.kind === 'district')
      sum('street', street, '', `${street} 合计`, onStreet)
  }
  if (o.scope.kind === 'district') sum('district', '', '', `${o.district} 合计`, stations)
  const total = (lines[lines.length - 1] as ReportLine | undefined)?.figures ?? sumMonths([])
  const ids = (pick: (f: MonthFigures) => Record<string, number>) =>
    stations.flatMap((s) => Object.keys(pick(figures.get(s.id) as MonthFigures)))
  return {
    month: o.month,
    district: o.district,
    scope: o.scope,
    title: titleOf(o.scope, o.district, stations),
    generatedAt: new Date(o.now).toISOString(),
    lines,
    total,
    platforms: platformOrder(ids((f) => f.visits.byPlatform)),
    purposes: purposeOrder(ids((f) => f.visits.byPurpose)),
  }
}

function titleOf(scope: ReportScope, district: string, stations: ReportStation[]): string {
  switch (scope.kind) {
    case 'district':
      return district
    case 'street':
      return `${district} ${scope.street}`
    case 'community':
      return `${scope.street} ${scope.community}`
    case 'station': {
      const s = stations[0]
      return s ? `${s.street} ${s.community} ${s.name}` : scope.id
    }
  }
}
