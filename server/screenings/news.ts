import type { Clock } from '../clock.js'
import type { SmsGateway } from '../notify/sms-gateway.js'
import type { JournalEntry } from '../store/journal.js'
import type { Store } from '../store/store.js'
import type { StationTime } from '../time/station-time.js'
import type { Screening, ScreeningBook } from './book.js'
import type { Contacts } from './contacts.js'
import { type CancelledEvent, SCREENING_EVENTS as E, type PromotedEvent } from './events.js'

export interface NewsOptions {
  store: Pick<Store, 'read' | 'cursor' | 'onDurable'>
  book: ScreeningBook
  contacts: Contacts
  gateway: SmsGateway
  station: { id: string; name: string }
  time: StationTime
  clock: Clock
  /** Marks the person told (journals `screening.told`, via sms). */
  told(screeningId: string, code: string): Promise<unknown>
  log: { warn(msg: string): void; info(msg: string): void }
  /** A message still not taken this long after its event is given up (the console still shows whom to call). */
  maxAgeMs?: number
}

interface Text {
  screeningId: string
  code: string
  to: string
  text: string
}

const MIN_BACKOFF_MS = 2000
const MAX_BACKOFF_MS = 300_000

/**
 * Texts the couriers who signed up for a screening through the SMS gateway when they move up from the
 * waiting list or the event is called off. It follows the journal from a durable cursor (`sms`), so a
 * message is sent once through restarts; each one the gateway takes marks the person told, and whoever the
 * gateway cannot reach stays on the console's list of people to call.
 */
export class ScreeningNews {
  readonly stats = { sent: 0, failedAttempts: 0, dropped: 0 }
  readonly #o: Required<NewsOptions>
  readonly #cursor
  #off: (() => void) | null = null
  #running: Promise<void> | null = null
  #again = false
  #stopped = false
  #wake: (() => void) | null = null
  #timer: unknown = null

  constructor(o: NewsOptions) {
    this.#o = { maxAgeMs: 24 * 3_600_000, ...o }
    // Installed on a station with a past: only news from now on is sent.
    this.#cursor = o.store.cursor('sms', { startAtEnd: true })
  }

  start(): void {
    this.#off = this.#o.store.onDurable((entries) => {
      if (entries.some((e) => e.type === E.promoted || e.type === E.cancelled)) this.#kick()
    })
    this.#kick()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#off?.()
    if (this.#timer !== null) this.#o.clock.clearTimeout(this.#timer)
    this.#wake?.()
    await this.#running
  }

  #kick(): void {
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.#pump()
      .catch((err) => this.#o.log.warn(`sms: ${(err as Error).message}`))
      .finally(() => {
        this.#running = null
        if (this.#again) {
          this.#again = false
          this.#kick()
        }
      })
  }

  async #pump(): Promise<void> {
    let last = this.#cursor.seq
    for await (const e of this.#o.store.read(last + 1)) {
      if (this.#stopped) break
      if (e.type === E.promoted || e.type === E.cancelled) {
        for (const t of this.#texts(e)) await this.#deliver(e, t)
        if (this.#stopped) break
      }
      last = e.seq
    }
    await this.#cursor.advance(last)
  }

  /** The messages an entry calls for: to each person still owed this news whose number is kept. */
  #texts(e: JournalEntry): Text[] {
    const { screeningId } = e.data as PromotedEvent | CancelledEvent
    const s = this.#o.book.get(screeningId)
    // A promotion in an event called off since: the cancellation's own message says what matters.
    if (!s || (e.type === E.promoted && s.cancelled)) return []
    const owed = this.#o.book.toTell(s)
    const codes =
      e.type === E.promoted
        ? owed.filter((p) => p.code === (e.data as PromotedEvent).code).map((p) => p.code)
        : owed.map((p) => p.code)
    return codes.flatMap((code) => {
      const c = this.#o.contacts.get(screeningId, code)
      return c ? [{ screeningId, code, to: c.phone, text: this.#words(s, e.type, c.name, code) }] : []
    })
  }

  #words(s: Screening, type: string, name: string, code: string): string {
    const { station, time } = this.#o
    const when = time.dateTime(s.start)
    if (type === E.promoted)
      return `【${station.name}】${name}您好：您报名的“${s.def.title}”（${when}，${s.def.place}）有人取消，您已从排队转为正式名额，确认码 ${code}。不能去的话请在驿站屏幕上取消报名。`
    return `【${station.name}】${name}您好：很抱歉，您报名的“${s.def.title}”（${when}，${s.def.place}）已取消，不用前往。`
  }

  /** Sends one message, retrying with backoff until the gateway takes it or it is too old to matter. */
  async #deliver(e: JournalEntry, t: Text): Promise<void> {
    const id = `${this.#o.station.id}-${e.seq}-${t.code}`
    for (let attempt = 1; !this.#stopped; attempt++) {
      if (this.#o.clock.now() - Date.parse(e.ts) > this.#o.maxAgeMs) {
        this.stats.dropped++
        this.#o.log.warn(
          `sms: gave up on the message of event ${e.seq} to ${t.code}; the console lists whom to call`,
        )
        return
      }
      const r = await this.#o.gateway.send({ id, to: t.to, text: t.text })
      if (r.ok) {
        this.stats.sent++
        await this.#o.told(t.screeningId, t.code)
        return
      }
      this.stats.failedAttempts++
      if (attempt === 1 || attempt % 10 === 0)
        this.#o.log.warn(`sms: the gateway did not take a message (${r.why}); attempt ${attempt}, retrying`)
      const base = Math.min(MIN_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS)
      await this.#sleep(Math.round(base * (0.8 + Math.random() * 0.4)))
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#wake = null
        resolve()
      }
      this.#timer = this.#o.clock.setTimeout(() => {
        this.#timer = null
        this.#wake?.()
      }, ms)
    })
  }
}
