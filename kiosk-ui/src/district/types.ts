// The district page's wire contract: Static<> of the central service's own schemas (type-only imports,
// erased at build time), as lib/types.ts does for the station's pages.
import type { Static } from 'typebox'
import type { CommandItem, PublicationItem, PublishBody } from '../../../server/central/commands/schemas.js'
import type { DailyReply } from '../../../server/central/daily.js'
import type { AlertItem, StationDetailReply, StationSummary } from '../../../server/central/schemas.js'
import type { Scope } from '../../../server/central/scope/scope.js'

export type Station = Static<typeof StationSummary>
export type DistrictAlert = Static<typeof AlertItem>
export type StationDetail = Static<typeof StationDetailReply>
export type Command = Static<typeof CommandItem>
export type Publication = Static<typeof PublicationItem>
export type PublishInput = Static<typeof PublishBody>
export type Day = Static<typeof DailyReply>['days'][number]
export type { Scope }

export type Severity = 'critical' | 'major' | 'minor' | 'warning'
export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor', 'warning']

export interface Me {
  user: { name: string; role: string }
  scope: Scope
  admin: boolean
  district: { name: string }
}

export interface AuditEntry {
  id: number
  at: string
  actor: string
  action: string
  stationId: string | null
  detail: Record<string, unknown>
}

/** The live feed of `/district` (server/central/live/live.ts). */
export interface DistrictEvents {
  hello: (body: { stations: Station[]; alerts: DistrictAlert[] }) => void
  station: (body: { station: Station; alerts: DistrictAlert[] }) => void
  command: (body: { id: string; state: string; problem: string | null; stationId: string }) => void
}

/** A device of a station's picture, as GET /api/stations/:id gives it. */
export interface Device {
  deviceId: string
  kind: string
  name: string
  online: boolean
  lastSeen: string | null
  reading: Record<string, unknown> | null
  battery: number | null
}

export interface StockLine {
  itemId: string
  name: string
  unit: string
  count: number
  min: number
  target: number
  needsRestock: boolean
  nextExpiry: string | null
}

export interface ColdDay {
  deviceId: string
  day: string
  min: number | null
  max: number | null
  readings: number
}

export interface Excursion {
  excursionId: string
  deviceId: string
  type: string
  start: string
  end: string | null
  peak: number | null
  durationMin: number
}
