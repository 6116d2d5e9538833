import type { Cell } from '../csv.js'
import type { StationTime } from '../time/station-time.js'
import type { Place, Screening } from './book.js'

export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled'

/** A sign-up as the manager console shows it: the name until the contact details are deleted. */
export interface SignupView {
  code: string
  status: SignupStatus
  /** Place on the waiting list, from 1; null unless waitlisted. */
  position: number | null
  /** null once purged (privacy.screeningContactDays after the event) or given up. */
  name: string | null
  phoneMasked: string
  /** When the sign-up was made. */
  at: string
}

const view = (p: Place, status: SignupStatus, position: number | null, name: string | null): SignupView => ({
  code: p.code,
  status,
  position,
  name,
  phoneMasked: p.phoneMasked,
  at: new Date(p.at).toISOString(),
})

/** Confirmed places in the order they were given, then the waiting list in order, then those given up. */
export function signupsOf(s: Screening, nameOf: (code: string) => string | null): SignupView[] {
  return [
    ...s.confirmed.map((p) => view(p, 'confirmed', null, nameOf(p.code))),
    ...s.waitlist.map((p, i) => view(p, 'waitlisted', i + 1, nameOf(p.code))),
    ...s.withdrawn.map((p) => view(p, 'cancelled', null, nameOf(p.code))),
  ]
}

const STATUS_ZH: Record<SignupStatus, string> = {
  confirmed: '已确认',
  waitlisted: '候补',
  cancelled: '已取消',
}

export const SIGNUP_CSV_HEADER = ['确认码', '状态', '候补位次', '姓名', '手机号', '报名时间']

/** The sign-up sheet for the organiser: masked numbers only; times in station time. */
export function signupRows(signups: SignupView[], time: StationTime): Cell[][] {
  return [
    SIGNUP_CSV_HEADER,
    ...signups.map((u) => [
      { digits: u.code },
      STATUS_ZH[u.status],
      u.position,
      u.name,
      u.phoneMasked,
      time.dateTime(u.at),
    ]),
  ]
}
