import { chmod, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Low } from 'lowdb'
import { openStateDb } from '../store/durable-file.js'

/** What is needed to reach a person who signed up: the only place a name and a clear phone number live. */
export interface Contact {
  screeningId: string
  code: string
  name: string
  phone: string
  /** ISO time after which the hourly purge deletes it: event end + privacy.screeningContactDays. */
  purgeAfter: string
}

interface ContactsData {
  version: 1
  /** By `<screeningId>/<code>`. */
  contacts: Record<string, Contact>
}

const key = (screeningId: string, code: string) => `${screeningId}/${code}`

/**
 * `<dataDir>/private/contacts.json`, apart from the journal (which goes to the central service and must hold
 * no personal data), in a folder only the hub's user may open: lowdb writes through a temp file, whose
 * mode cannot be chosen, so the folder is what keeps other accounts out.
 */
export class Contacts {
  private constructor(private readonly db: Low<ContactsData>) {}

  static async open(dataDir: string): Promise<Contacts> {
    const dir = join(dataDir, 'private')
    await mkdir(dir, { recursive: true, mode: 0o700 })
    await chmod(dir, 0o700)
    return new Contacts(
      await openStateDb<ContactsData>(join(dir, 'contacts.json'), { version: 1, contacts: {} }),
    )
  }

  get size(): number {
    return Object.keys(this.db.data.contacts).length
  }

  get(screeningId: string, code: string): Contact | undefined {
    return this.db.data.contacts[key(screeningId, code)]
  }

  /** In memory; `save()` makes it durable. */
  put(c: Contact): void {
    this.db.data.contacts[key(c.screeningId, c.code)] = c
  }

  remove(screeningId: string, code: string): boolean {
    const k = key(screeningId, code)
    if (!(k in this.db.data.contacts)) return false
    delete this.db.data.contacts[k]
    return true
  }

  /** Moves the purge date of every contact of an event (its end was changed); in memory, returns how many. */
  retime(screeningId: string, purgeAfter: string): number {
    let n = 0
    for (const c of Object.values(this.db.data.contacts))
      if (c.screeningId === screeningId && c.purgeAfter !== purgeAfter) {
        c.purgeAfter = purgeAfter
        n++
      }
    return n
  }

  /** Concurrent saves share one write (DurableJsonFile), each resolving once its change is on disk. */
  save(): Promise<void> {
    return this.db.write()
  }

  /** Deletes every contact past its purgeAfter; returns how many. */
  async purge(now: number): Promise<number> {
    let n = 0
    for (const [k, c] of Object.entries(this.db.data.contacts))
      if (Date.parse(c.purgeAfter) <= now) {
        delete this.db.data.contacts[k]
        n++
      }
    if (n > 0) await this.save()
    return n
  }
}
