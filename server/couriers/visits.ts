import { chinaMonthIndex, type Period, periodRange } from './periods.js'

/** A visit as the kiosk sees it. */
export interface Visit {
  id: string
  at: string
  platform: string
  purposes: string[]
  phoneMasked: string
  /** Visits by this phone in this visit's calendar month (China time), this one included. */
  visitsThisMonth: number
  /** The phone had visited before this visit. */
  returning: boolean
  /** This answer is for a repeated check-in that did not count again. */
  repeat: boolean
}

export interface NewVisit {
  phoneHash: string
  phoneMasked: string
  platform: string
  purposes: string[]
}

/** A counted visit as kept in memory. */
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

export interface Stats {
  total: number
  byPlatform: Record<string, number>
  byPurpose: Record<string, number>
}

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

function removeFromEnd(list: Entry[], id: string): void {
  for (let i = list.length - 1; i >= 0; i--) if ((list[i] as Entry).id === id) return void list.splice(i, 1)
}

/**
 * Counted visits in memory, by phone hash and in time order: the projection of the journal's `checkin`
 * events. Pure: the caller decides the time, the ids and when to make things durable.
 */
export class VisitBook {
  readonly #phones = new Map<string, Phone>()
  readonly #all: Entry[] = []
  /**
   * One shared copy of each platform id and each purposes list: every visit would otherwise keep its own
   * strings and array from the request or journal line it came from, and a year of visits is kept here.
   * Both are configured lists, so this stays small.
   */
  readonly #shared = new Map<string, string | readonly string[]>()

  constructor(private readonly repeatMs: number) {}

  get size(): number {
    return this.#all.length
  }

  /** The visit a check-in at `at` repeats (one counted less than the repeat window before), or null. */
  recent(phoneHash: string, at: number): Visit | null {
    const phone = this.#phones.get(phoneHash)
    const last = phone?.visits.at(-1)
    if (!phone || !last || at - last.at >= this.repeatMs) return null
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
    insertSorted(this.#all, entry)
    return this.#view(phone, phone.visits.indexOf(entry), false)
  }

  /** Takes back a visit that could not be made durable. */
  remove(phoneHash: string, id: string): void {
    const phone = this.#phones.get(phoneHash)
    if (!phone) return
    removeFromEnd(phone.visits, id)
    removeFromEnd(this.#all, id)
    if (phone.visits.length === 0) this.#phones.delete(phoneHash)
  }

  lookup(
    phoneHash: string,
    now: number,
  ): { known: boolean; platform: string | null; visitsThisMonth: number } {
    const phone = this.#phones.get(phoneHash)
    if (!phone) return { known: false, platform: null, visitsThisMonth: 0 }
    const month = chinaMonthIndex(now)
    let n = 0
    for (let j = phone.visits.length - 1; j >= 0; j--) {
      const m = chinaMonthIndex((phone.visits[j] as Entry).at)
      if (m === month) n++
      else if (m < month) break
    }
    return { known: true, platform: (phone.visits.at(-1) as Entry).platform, visitsThisMonth: n }
  }

  /** Counted visits in [from, to), in time order. */
  *between(from: number, to: number): Generator<Readonly<Entry>> {
    for (let i = lowerBound(this.#all, from); i < this.#all.length; i++) {
      const v = this.#all[i] as Entry
      if (v.at >= to) return
      yield v
    }
  }

  /** Counted visits in the period containing `now`; every configured id is listed, with 0 if none. */
  stats(
    period: Period,
    now: number,
    platforms: string[],
    purposes: string[],
  ): Stats & { from: number; to: number } {
    const { from, to } = periodRange(period, now)
    const byPlatform: Record<string, number> = Object.fromEntries(platforms.map((id) => [id, 0]))
    const byPurpose: Record<string, number> = Object.fromEntries(purposes.map((id) => [id, 0]))
    let total = 0
    for (let i = lowerBound(this.#all, from); i < this.#all.length; i++) {
      const v = this.#all[i] as Entry
      if (v.at >= to) break
      total++
      byPlatform[v.platform] = (byPlatform[v.platform] ?? 0) + 1
      for (const p of v.purposes) byPurpose[p] = (byPurpose[p] ?? 0) + 1
    }
    return { from, to, total, byPlatform, byPurpose }
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
    const month = chinaMonthIndex(v.at)
    let visitsThisMonth = 0
    for (let j = i; j >= 0 && chinaMonthIndex((phone.visits[j] as Entry).at) === month; j--) visitsThisMonth++
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
