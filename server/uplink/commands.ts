import type { Alert } from '../alerts/types.js'
import type { NoticeInput } from '../notices/board.js'
import type { JournalEntry } from '../store/journal.js'
import type { Projection, Store } from '../store/store.js'
import type { StationTime } from '../time/station-time.js'
import type { Command } from './protocol.js'

/** What applying a command asks of the station's features. */
export interface CommandTargets {
  acknowledgeAlert(id: string, by: string, note: string | null): Promise<Alert>
  publishNotice(id: string, input: NoticeInput, by: string): Promise<unknown>
}

/** How many applied command ids are remembered (a command is re-sent only until its result arrives). */
const REMEMBERED = 2000

/**
 * The district's commands (down/commands), each applied at most once by its id: its outcome is journaled as
 * `command.result` (which goes up like any event, so the result reaches the district exactly once), and the
 * ids applied are a projection of those results, so a command sent again after a restart is known. Each
 * command is also idempotent in itself (an alert already acknowledged stays so; a notice is published
 * under the command's notice id), so one applied just before a crash, its result unwritten, does no harm
 * when it comes again.
 */
export class Commands {
  #applied = new Set<string>()
  readonly #running = new Map<string, Promise<void>>()

  constructor(
    private readonly store: Pick<Store, 'commit'>,
    private readonly targets: CommandTargets,
    private readonly time: StationTime,
  ) {}

  projection(): Projection {
    return {
      name: 'uplink-commands',
      version: 1,
      types: ['command.result'],
      apply: (e: JournalEntry) => this.#remember((e.data as { commandId: string }).commandId),
      save: () => [...this.#applied],
      load: (data) => {
        this.#applied = new Set(data as string[])
      },
    }
  }

  applied(id: string): boolean {
    return this.#applied.has(id)
  }

  apply(c: Command): Promise<void> {
    if (this.#applied.has(c.id)) return Promise.resolve()
    let run = this.#running.get(c.id)
    if (!run) {
      run = this.#apply(c).finally(() => this.#running.delete(c.id))
      this.#running.set(c.id, run)
    }
    return run
  }

  async #apply(c: Command): Promise<void> {
    let problem: string | null = null
    try {
      await this.#execute(c)
    } catch (err) {
      problem = (err as Error).message.slice(0, 500) || 'refused'
    }
    await this.store.commit((tx) => {
      tx.append('command.result', { commandId: c.id, ok: problem === null, problem })
      const known = this.#applied.has(c.id)
      this.#remember(c.id)
      tx.undo(() => {
        if (!known) this.#applied.delete(c.id)
      })
    })
  }

  async #execute(c: Command): Promise<void> {
    if (c.type === 'alert.acknowledge') {
      const d = c.data as { alertId: string; by: string; note: string | null }
      await this.targets.acknowledgeAlert(d.alertId, d.by, d.note)
      return
    }
    if (c.type === 'notice.publish') {
      const d = c.data as {
        noticeId: string
        title: string
        body: string
        until: string | null
        category?: string
      }
      const until = d.until ? this.time.dayEnd(d.until) : null
      const category =
        (['jobs', 'legal', 'insurance', 'health', 'other'] as const).find((k) => k === d.category) ?? 'other'
      await this.targets.publishNotice(
        d.noticeId,
        {
          category,
          title: d.title.slice(0, 60),
          body: d.body.slice(0, 500),
          until: until === null ? null : new Date(until).toISOString(),
        },
        'district',
      )
      return
    }
    throw new Error(`unknown command type ${c.type}`)
  }

  #remember(id: string): void {
    this.#applied.add(id)
    if (this.#applied.size > REMEMBERED) {
      const oldest = this.#applied.values().next().value
      if (oldest !== undefined) this.#applied.delete(oldest)
    }
  }
}
