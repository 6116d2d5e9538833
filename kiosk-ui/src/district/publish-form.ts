// The publish form's state turned into the body of POST /api/publications (pure, tested in the browser e2e).
import { stationZone } from '../lib/station-time.js'
import type { PublishInput } from './types.js'

export type Kind = PublishInput['kind']
export const KINDS: readonly Kind[] = ['notice', 'screening', 'job-fair']
export const CATEGORIES = ['jobs', 'legal', 'insurance', 'health', 'other'] as const

export interface PublishDraft {
  kind: Kind
  title: string
  body: string
  category: (typeof CATEGORIES)[number]
  until: string
  organiser: string
  place: string
  /** `<input type="datetime-local">`: station time, without a zone. */
  start: string
  end: string
  capacity: number
  target: 'streets' | 'stations'
  streets: string[]
  stations: string[]
}

export const emptyDraft = (): PublishDraft => ({
  kind: 'notice',
  title: '',
  body: '',
  category: 'jobs',
  until: '',
  organiser: '',
  place: '',
  start: '',
  end: '',
  capacity: 30,
  target: 'streets',
  streets: [],
  stations: [],
})

/** `2026-12-05T09:00` at the stations (their zone) → an ISO time with its offset, `…+08:00`. */
export function stationIso(local: string, zone = stationZone.value): string {
  const at = Date.parse(`${local}:00Z`)
  const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value
  const offset = name?.replace('GMT', '') || '+00:00'
  return `${local}:00${offset}`
}

export function publishBody(d: PublishDraft, id: string): PublishInput {
  const target = d.target === 'streets' ? { streets: d.streets } : { stations: d.stations }
  if (d.kind === 'notice')
    return {
      id,
      kind: 'notice',
      title: d.title.trim(),
      body: d.body.trim(),
      category: d.category,
      until: d.until || null,
      ...target,
    }
  return {
    id,
    kind: d.kind,
    title: d.title.trim(),
    organiser: d.organiser.trim(),
    place: d.place.trim(),
    start: stationIso(d.start),
    end: stationIso(d.end),
    capacity: d.capacity,
    ...target,
  }
}
