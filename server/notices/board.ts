import { join } from 'node:path'
import type { Low } from 'lowdb'
import type { NoticeConfig } from '../config/schema.js'
import { openStateDb } from '../store/durable-file.js'

export interface Notice {
  id: string
  category: NoticeConfig['category']
  title: string
  body: string
  /** ISO time after which the notice is hidden, or null to show it until removed. */
  until: string | null
}

interface NoticesData {
  version: 1
  notices: Notice[]
  /** Config ids already copied in, so a notice the manager deletes later is not brought back on restart. */
  seeded: string[]
}

/**
 * The community notices, in `<dataDir>/notices.json`. The config seeds them: a config notice whose id was
 * never seen is added on start; after that the file is the truth, so edits made later (the manager console)
 * survive restarts and are not overwritten by the config.
 */
export class NoticeBoard {
  private constructor(private readonly db: Low<NoticesData>) {}

  static async open(dataDir: string, seed: NoticeConfig[]): Promise<NoticeBoard> {
    const db = await openStateDb<NoticesData>(join(dataDir, 'notices.json'), {
      version: 1,
      notices: [],
      seeded: [],
    })
    const fresh = seed.filter((n) => !db.data.seeded.includes(n.id))
    if (fresh.length > 0) {
      for (const n of fresh) {
        db.data.notices = db.data.notices.filter((old) => old.id !== n.id)
        db.data.notices.push({
          id: n.id,
          category: n.category,
          title: n.title,
          body: n.body,
          until: n.until ? new Date(n.until).toISOString() : null,
        })
        db.data.seeded.push(n.id)
      }
      await db.write()
    }
    return new NoticeBoard(db)
  }

  /** Notices to show at `now`: no end, or an end still ahead. */
  active(now: number): Notice[] {
    return this.db.data.notices.filter((n) => n.until === null || Date.parse(n.until) > now)
  }
}
