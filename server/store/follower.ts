import type { Clock } from '../clock.js'
import type { JournalEntry } from './journal.js'

/** What a follower needs of the store. */
export interface FollowedStore {
  read(fromSeq: number): AsyncIterable<JournalEntry>
  onDurable(listener: (entries: JournalEntry[]) => void): () => void
}

/**
 * A consumer's way through the journal: pages of entries after a place, from the disk while it is behind
 * (so memory never grows with a backlog) and from memory once it has caught up with what commits. A
 * bounded queue: past `maxQueued` entries it is behind again and reads the rest from the disk.
 */
export class JournalFollower {
  #queue: JournalEntry[] = []
  #behind = true
  #latest = 0
  #waiting: (() => void) | null = null
  readonly #off: () => void

  constructor(
    private readonly store: FollowedStore,
    private readonly clock: Clock,
    private readonly maxQueued = 5000,
  ) {
    this.#off = store.onDurable((entries) => {
      this.#latest = (entries.at(-1) as JournalEntry).seq
      if (!this.#behind) {
        if (this.#queue.length + entries.length > this.maxQueued) {
          this.#behind = true
          this.#queue = []
        } else this.#queue.push(...entries)
      }
      this.#waiting?.()
    })
  }

  /** The newest seq seen committed since this follower started (0: none yet). */
  get latest(): number {
    return this.#latest
  }

  /**
   * Up to `max` entries with seq > `after`, in order (possibly none: nothing more yet). While behind it reads
   * the disk; a page read from the disk that reaches everything committed meanwhile makes it follow live.
   */
  async page(after: number, max: number): Promise<JournalEntry[]> {
    this.#queue = this.#queue.filter((e) => e.seq > after)
    if (!this.#behind) {
      const first = this.#queue[0]
      // A hole between the place and the queue (the place moved back: a resend): read it from the disk.
      if (!first || first.seq === after + 1) return this.#queue.slice(0, max)
      this.#behind = true
      this.#queue = []
    }
    const out: JournalEntry[] = []
    let last = after
    for await (const e of this.store.read(after + 1)) {
      if (e.seq <= after) continue
      out.push(e)
      last = e.seq
      if (out.length >= max) return out
    }
    // Read to the end: every entry committed since is either in this page or still to come live.
    if (this.#latest <= last) {
      this.#behind = false
      this.#queue = []
    }
    return out
  }

  /** Resolves when something new commits (or after `ms`). */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const clock = this.clock
      const t = clock.setTimeout(done, ms)
      function done() {
        clock.clearTimeout(t)
        resolve()
      }
      this.#waiting = () => {
        this.#waiting = null
        done()
      }
    })
  }

  close(): void {
    this.#off()
    this.#waiting?.()
  }
}
