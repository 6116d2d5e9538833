import type { PlaceStatus, ScreeningDef } from './book.js'

/**
 * The screening events of the journal. They hold hashes and masked phones only, never a name or a number:
 * the journal goes to the central service. `screening.cancel` is a person giving up a place;
 * `screening.cancelled` is a manager calling the whole event off.
 */
export const SCREENING_EVENTS = {
  created: 'screening.created',
  updated: 'screening.updated',
  cancelled: 'screening.cancelled',
  signup: 'screening.signup',
  cancel: 'screening.cancel',
  promoted: 'screening.promoted',
} as const

/**
 * `screening.created` / `.updated`: the whole definition, so the event can be understood without the
 * station's config. Keyed by `screeningId` like every other screening event.
 */
export interface DefinedEvent extends Omit<ScreeningDef, 'id'> {
  screeningId: string
  /** `config`: seeded from the station config at start; `manager`: made in the manager console. */
  source?: 'config' | 'manager'
  /** The account that made the change; null for the config seed. */
  by: string | null
}

export interface CancelledEvent {
  screeningId: string
  by: string | null
}

export interface SignupEvent {
  screeningId: string
  code: string
  phoneHash: string
  phoneMasked: string
  status: PlaceStatus
}

export interface CancelEvent {
  screeningId: string
  code: string
  status: PlaceStatus
}

export interface PromotedEvent {
  screeningId: string
  code: string
  phoneMasked: string
}

export function definedEvent(
  def: ScreeningDef,
  by: string | null,
  source?: 'config' | 'manager',
): DefinedEvent {
  const { id, ...rest } = def
  return { screeningId: id, ...rest, ...(source ? { source } : {}), by }
}

/** The definition a created/updated event carries, in a fixed field order. */
export function defOf(e: DefinedEvent): ScreeningDef {
  const { screeningId: id, title, organiser, start, end, place, capacity } = e
  return { id, title, organiser, start, end, place, capacity }
}
