import type { Cell } from '../csv.js'
import type { StationTime } from '../time/station-time.js'
import type { Place, Screening } from './book.js'
import type { Contact } from './contacts.js'

export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled'

/** Why a person must be told something: moved up from the waiting list, or the event was called off. */
export type TellReason = 'promoted' | 'cancelled'

/** A sign-up as the manager console shows it: name and number until the contact details are deleted. */
export interface SignupView {
  code: string
  status: SignupStatus
  /** Place on the waiting list, from 1; null unless waitlisted. */
  position: number | null
  /** null once purged (privacy.screeningContactDays after the event) or given up. */
  name: string | null
  /** The number in full, for the organiser to call, while the contact details are kept; else null. */
  phone: string | null
  phoneMasked: string
  /** When the sign-up was made. */
  at: string
  /** When it moved up from the waiting list; null if it never waited or is still waiting. */
  promotedAt: string | null
  /** Someone must tell this person (call, or an SMS): why; null when nothing is owed. */
  tell: TellReason | null
  /** When the person was told (a manager's call, or the SMS gateway took the message). */
  toldAt: string | null
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())

/** Confirmed places in the order they were given, then the waiting list in order, then those given up. */
export function signupsOf(
  s: Screening,
  contactOf: (code: string) => Contact | undefined,
  owed: ReadonlySet<Place>,
): SignupView[] {
  const view = (p: Place, status: SignupStatus, position: number | null): SignupView => {
    const c = contactOf(p.code)
    return {
      code: p.code,
      status,
      position,
      name: c?.name ?? null,
      phone: c?.phone ?? null,
      phoneMasked: p.phoneMasked,
      at: new Date(p.at).toISOString(),
      promotedAt: iso(p.promotedAt),
      tell: owed.has(p) ? (s.cancelled ? 'cancelled' : 'promoted') : null,
      toldAt: iso(p.toldAt),
    }
  }
  return [
    ...s.confirmed.map((p) => view(p, 'confirmed', null)),
    ...s.waitlist.map((p, i) => view(p, 'waitlisted', i + 1)),
    ...s.withdrawn.map((p) => view(p, 'cancelled', null)),
  ]
}

const STATUS_ZH: Record<SignupStatus, string> = {
  confirmed: '已确认',
  waitlisted: '候补',
  cancelled: '已取消',
}

const TELL_ZH: Record<TellReason, string> = {
  promoted: '候补转正，待通知',
  cancelled: '活动取消，待通知',
}

export const SIGNUP_CSV_HEADER = ['确认码', '状态', '候补位次', '姓名', '手机号', '报名时间', '通知']

/**
 * The sign-up sheet for the organiser: the number in full while it is kept (masked after), who still has
 * to be told and who was; times in station time.
 */
export function signupRows(signups: SignupView[], time: StationTime): Cell[][] {
  return [
    SIGNUP_CSV_HEADER,
    ...signups.map((u) => [
      { digits: u.code },
      STATUS_ZH[u.status],
      u.position,
      u.name,
      u.phone ? { digits: u.phone } : u.phoneMasked,
      time.dateTime(u.at),
      u.tell ? TELL_ZH[u.tell] : u.toldAt ? `已通知 ${time.dateTime(u.toldAt)}` : null,
    ]),
  ]
}
