import { Type } from 'typebox'
import type { Doc, DocSpec } from '../store/document.js'
import { FILES } from '../store/files.js'

/** What is needed to reach a person who signed up: the only place a name and a clear phone number live. */
export interface Contact {
  screeningId: string
  code: string
  name: string
  phone: string
  /** ISO time after which the hourly purge deletes it: event end + privacy.screeningContactDays. */
  purgeAfter: string
}

export interface ContactsData {
  version: 1
  /** By `<screeningId>/<code>`. */
  contacts: Record<string, Contact>
}

/**
 * `private/contacts.json`: apart from the journal (which must hold no personal data), 0600 in a 0700
 * folder, written with the sign-up's commit.
 */
export const CONTACTS_DOC: DocSpec<ContactsData> = {
  file: FILES.contacts,
  private: true,
  schema: Type.Object({
    version: Type.Literal(1),
    contacts: Type.Record(
      Type.String(),
      Type.Object({
        screeningId: Type.String(),
        code: Type.String(),
        name: Type.String(),
        phone: Type.String(),
        purgeAfter: Type.String(),
      }),
    ),
  }),
  initial: () => ({ version: 1, contacts: {} }),
}

const key = (screeningId: string, code: string) => `${screeningId}/${code}`

/** The contacts of screening sign-ups, in memory and in their document. */
export class Contacts {
  constructor(readonly doc: Doc<ContactsData>) {}

  get size(): number {
    return Object.keys(this.doc.data.contacts).length
  }

  get(screeningId: string, code: string): Contact | undefined {
    return this.doc.data.contacts[key(screeningId, code)]
  }

  /** Of one event, by code. */
  of(screeningId: string): Contact[] {
    return Object.values(this.doc.data.contacts).filter((c) => c.screeningId === screeningId)
  }

  /** In memory; a commit writes the document. */
  put(c: Contact): void {
    this.doc.data.contacts[key(c.screeningId, c.code)] = c
  }

  remove(screeningId: string, code: string): boolean {
    const k = key(screeningId, code)
    if (!(k in this.doc.data.contacts)) return false
    delete this.doc.data.contacts[k]
    return true
  }

  /** Moves the purge date of every contact of an event (its end was changed); in memory, returns how many. */
  retime(screeningId: string, purgeAfter: string): number {
    let n = 0
    for (const c of Object.values(this.doc.data.contacts))
      if (c.screeningId === screeningId && c.purgeAfter !== purgeAfter) {
        c.purgeAfter = purgeAfter
        n++
      }
    return n
  }

  /** Deletes every contact past its purgeAfter, durably; returns how many. */
  async purge(now: number): Promise<number> {
    let n = 0
    for (const [k, c] of Object.entries(this.doc.data.contacts))
      if (Date.parse(c.purgeAfter) <= now) {
        delete this.doc.data.contacts[k]
        n++
      }
    if (n > 0) await this.doc.write()
    return n
  }
}
