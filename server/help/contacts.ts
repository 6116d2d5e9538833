import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Doc, DocSpec } from '../store/document.js'
import { FILES } from '../store/files.js'

/** The number a courier left with a help request, so that the people who answer it can call back. */
export interface HelpContact {
  phone: string
  /** When the courier asked (ISO). */
  at: string
  /**
   * When the help alert was resolved (ISO); null while it is open. The number is deleted
   * privacy.helpContactMinutes after it (as the setting is now: a shorter setting applies at once).
   */
  resolvedAt: string | null
}

export interface HelpContactsData {
  version: 1
  /** By help request id. */
  contacts: Record<string, HelpContact>
}

/** `private/help-contacts.json`: 0600 in a 0700 folder, written in the help request's commit. */
export const HELP_CONTACTS_DOC: DocSpec<HelpContactsData> = {
  file: FILES.helpContacts,
  private: true,
  schema: Type.Object({
    version: Type.Literal(1),
    contacts: Type.Record(
      Type.String(),
      Type.Object({
        phone: Type.String(),
        at: Type.String(),
        resolvedAt: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  }),
  initial: () => ({ version: 1, contacts: {} }),
}

export interface HelpContactsOptions {
  clock: Clock
  /** privacy.helpContactMinutes, in ms. */
  keepMs: number
  log: { info(n: number): void; error(err: unknown): void }
}

/**
 * The clear numbers of help requests, in memory and in their private document. A number lives while its
 * help alert is open and `keepMs` after it is resolved, then a timer on the injected clock deletes it.
 */
export class HelpContacts {
  #timer: unknown = null
  #due = Number.POSITIVE_INFINITY
  #stopped = false
  #running: Promise<unknown> | null = null

  constructor(
    readonly doc: Doc<HelpContactsData>,
    private readonly o: HelpContactsOptions,
  ) {}

  /** The number left with this help request, while it is kept; null otherwise. */
  phoneOf = (helpId: string): string | null => this.doc.data.contacts[helpId]?.phone ?? null

  /** In memory; the help request's commit writes the document. */
  put(helpId: string, phone: string, at: string): void {
    this.doc.data.contacts[helpId] = { phone, at, resolvedAt: null }
  }

  remove(helpId: string): void {
    delete this.doc.data.contacts[helpId]
  }

  /** The help alert was resolved at `at` (ms): the number is kept `keepMs` more, then deleted. */
  async closed(helpId: string, at: number): Promise<void> {
    const c = this.doc.data.contacts[helpId]
    if (!c || c.resolvedAt !== null) return
    c.resolvedAt = new Date(at).toISOString()
    this.#arm()
    await this.doc.write()
  }

  /**
   * At start: a number whose help alert is no longer open (resolved while the hub was down, or its alert
   * lost) counts as resolved now; then everything past its deadline is deleted.
   */
  async settle(openHelpIds: ReadonlySet<string>): Promise<void> {
    const now = this.o.clock.now()
    let changed = false
    for (const [id, c] of Object.entries(this.doc.data.contacts))
      if (c.resolvedAt === null && !openHelpIds.has(id)) {
        c.resolvedAt = new Date(now).toISOString()
        changed = true
      }
    if (changed) await this.doc.write()
    await this.purge()
  }

  /** Deletes every number past its deadline, durably; returns how many. Re-arms the timer for the next. */
  async purge(): Promise<number> {
    const now = this.o.clock.now()
    let n = 0
    for (const [id, c] of Object.entries(this.doc.data.contacts))
      if (this.#deadline(c) <= now) {
        delete this.doc.data.contacts[id]
        n++
      }
    // A deletion whose write failed is written again (the memory no longer holds it, the file may).
    if (n > 0 || this.doc.dirty) await this.doc.write()
    this.#arm()
    return n
  }

  /** Stops the timer and waits for a deletion in progress. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer !== null) this.o.clock.clearTimeout(this.#timer)
    this.#timer = null
    await this.#running
  }

  /** Resolves when the deletion in progress, if any, is done. */
  async idle(): Promise<void> {
    await this.#running
  }

  /** One timer, for the earliest deadline. */
  #arm(): void {
    if (this.#stopped) return
    const next = Math.min(...Object.values(this.doc.data.contacts).map((c) => this.#deadline(c)))
    if (next === this.#due && this.#timer !== null) return
    if (this.#timer !== null) this.o.clock.clearTimeout(this.#timer)
    this.#timer = null
    this.#due = next
    if (!Number.isFinite(next)) return
    this.#timer = this.o.clock.setTimeout(() => this.#run(), Math.max(0, next - this.o.clock.now()))
  }

  /** When the number goes: never while the alert is open. */
  #deadline(c: HelpContact): number {
    return c.resolvedAt === null ? Number.POSITIVE_INFINITY : Date.parse(c.resolvedAt) + this.o.keepMs
  }

  #run(): void {
    this.#timer = null
    this.#due = Number.POSITIVE_INFINITY
    this.#running = this.purge()
      .then(
        (n) => n > 0 && this.o.log.info(n),
        (err) => {
          this.o.log.error(err)
          // Tried again in a minute: a failing disk must not keep a number for ever.
          if (!this.#stopped) this.#timer = this.o.clock.setTimeout(() => this.#run(), 60_000)
        },
      )
      .finally(() => {
        this.#running = null
      })
  }
}
