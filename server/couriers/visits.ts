import type { StationTime } from '../time/station-time.js'

/** A visit as the kiosk sees it. */
export interface Visit {
  id: string
  at: string
  platform: string
  purposes: string[]
  phoneMasked: string
  /** Visits by this phone in this visit's calendar month (station time), this one included. */
  visitsThisMonth: number
  /** The phone had visited before this visit (within privacy.personalDataDays). */
  returning: boolean
  /** This answer is for a repeated check-in that did not count again. */
  repeat: boolean
}

/** The answer to a lookup (POST /api/checkins/lookup). */
export interface Lookup {
  known: boolean
  platform: string | null
  purposes: string[]
  visitsThisMonth: number
  repeat: boolean
}

export interface NewVisit {
  phoneHash: string
  phoneMasked: string
  platform: string
  purposes: string[]
}

/** A counted visit as kept in memory, by phone. */
export interface Entry {
  id: string
  at: number
  platform: string
  purposes: readonly string[]
}

interface Phone {
  masked: string
  /** Sorted by time. */
  visits: Entry[]
}

/** Saved form: [hash, masked, [[id, at, platform, purposes], …]] per phone. */
export type SavedPhones = [string, string, [string, number, string, string[]][]][]

/** A check-in stamped more than this ahead of now (a clock that jumped forward, then back) is no repeat. */
const FUTURE_SLACK_MS = 60_000

/** First index whose `at` is >= t (the list is sorted by `at`). */
function lowerBound(list: Entry[], t: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((list[mid] as Entry).at < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Appends, or inserts in order if the clock went back (NTP correcting a Pi that booted without a RTC). */
function insertSorted(list: Entry[], e: Entry): void {
  if (list.length === 0 || (list.at(-1) as Entry).at <= e.at) list.push(e)
  else list.splice(lowerBound(list, e.at + 1), 0, e)
}

/**
 * The visits of each phone (by its hash) within privacy.personalDataDays: what recognises a repeat within
 * the repeat window, a returning courier, and the visits of this month. Older visits are forgotten
 * (`forget`); their figures live on in DailyCounts. Pure: the caller decides the time and the ids.
 */
export class VisitBook {
  #phones = new Map<string, Phone>()
  #size = 0
  /** One shared copy of each platform id and purposes list (a configured, small set). */
  readonly #shared = new Map<string, string | readonly string[]>()

  constructor(
    private readonly repeatMs: number,
    private readonly time: StationTime,
  ) {}

  get size(): number {
    return this.#size
  }

  get phones(): number {
    return this.#phones.size
  }

  /** The visit a check-in at `at` repeats (one counted less than the repeat window before), or null. */
  recent(phoneHash: string, at: number): Visit | null {
    const phone = this.#phones.get(phoneHash)
    const last = phone?.visits.at(-1)
    if (!phone || !last || at - last.at >= this.repeatMs || last.at > at + FUTURE_SLACK_MS) return null
    return this.#view(phone, phone.visits.length - 1, true)
  }

  add(id: string, at: number, v: NewVisit): Visit {
    let phone = this.#phones.get(v.phoneHash)
    if (!phone) {
      phone = { masked: v.phoneMasked, visits: [] }
      this.#phones.set(v.phoneHash, phone)
    }
    const entry: Entry = {
      id,
      at,
      platform: this.#share(v.platform),
      purposes: this.#sharePurposes(v.purposes),
    }
    insertSorted(phone.visits, entry)
    this.#size++
    return this.#view(phone, phone.visits.indexOf(entry), false)
  }

  /** Takes back a visit that could not be made durable. */
  remove(phoneHash: string, id: string): void {
    const phone = this.#phones.get(phoneHash)
    if (!phone) return
    const i = phone.visits.findLastIndex((e) => e.id === id)
    if (i >= 0) {
      phone.visits.splice(i, 1)
      this.#size--
    }
    if (phone.visits.length === 0) this.#phones.delete(phoneHash)
  }

  /** Forgets every visit before `before` (ms), and phones left with none. Returns how many went. */
  forget(before: number): number {
    let n = 0
    for (const [hash, phone] of this.#phones) {
      const keep = lowerBound(phone.visits, before)
      if (keep === 0) continue
      n += keep
      if (keep === phone.visits.length) this.#phones.delete(hash)
      else phone.visits.splice(0, keep)
    }
    this.#size -= n
    return n
  }

  /**
   * What the kiosk shows before a check-in: whether the phone is known, its last platform and purposes
   * ("same as last time"), its visits this month, and whether a check-in now would repeat the last visit
   * (then it is not counted again, and the count the kiosk shows must not go up either).
   */
  lookup(phoneHash: string, now: number): Lookup {
    const phone = this.#phones.get(phoneHash)
    const last = phone?.visits.at(-1)
    if (!phone || !last)
      return { known: false, platform: null, purposes: [], visitsThisMonth: 0, repeat: false }
    const month = this.time.monthIndex(now)
    let n = 0
    for (let j = phone.visits.length - 1; j >= 0; j--) {
      const v = phone.visits[j] as Entry
      if (v.at > now + FUTURE_SLACK_MS) continue
      const m = this.time.monthIndex(v.at)
      if (m === month) n++
      else if (m < month) break
    }
    const repeat = this.recent(phoneHash, now) !== null
    return { known: true, platform: last.platform, purposes: [...last.purposes], visitsThisMonth: n, repeat }
  }

  save(): SavedPhones {
    const out: SavedPhones = []
    for (const [hash, p] of this.#phones)
      out.push([hash, p.masked, p.visits.map((v) => [v.id, v.at, v.platform, [...v.purposes]])])
    return out
  }

  load(saved: SavedPhones): void {
    this.#phones = new Map()
    this.#size = 0
    for (const [hash, masked, visits] of saved) {
      this.#phones.set(hash, {
        masked,
        visits: visits.map(([id, at, platform, purposes]) => ({
          id,
          at,
          platform: this.#share(platform),
          purposes: this.#sharePurposes(purposes),
        })),
      })
      this.#size += visits.length
    }
  }

  #share(platform: string): string {
    const known = this.#shared.get(platform)
    if (typeof known === 'string') return known
    this.#shared.set(platform, platform)
    return platform
  }

  #sharePurposes(purposes: readonly string[]): readonly string[] {
    // A NUL cannot be in a purpose id, so the key names one list; a leading one keeps it apart from platforms.
    const key = `\0${purposes.join('\0')}`
    const known = this.#shared.get(key)
    if (Array.isArray(known)) return known
    const list = Object.freeze([...purposes])
    this.#shared.set(key, list)
    return list
  }

  #view(phone: Phone, i: number, repeat: boolean): Visit {
    const v = phone.visits[i] as Entry
    const month = this.time.monthIndex(v.at)
    let visitsThisMonth = 0
    for (let j = i; j >= 0 && this.time.monthIndex((phone.visits[j] as Entry).at) === month; j--)
      visitsThisMonth++
    return {
      id: v.id,
      at: new Date(v.at).toISOString(),
      platform: v.platform,
      purposes: [...v.purposes],
      phoneMasked: phone.masked,
      visitsThisMonth,
      returning: i > 0,
      repeat,
    }
  }
}
