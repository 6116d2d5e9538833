/**
 * One queue per bus: RS-485 is half duplex and these boards have no transaction ids, so exactly one
 * transaction is on the wire at a time, with the profile's quiet gap after each. Unlocks go before waiting
 * polls (a courier is standing at the cabinet); within a kind, first come first served.
 */
import { type Clock, delay } from './clock.js'

export type JobKind = 'unlock' | 'read'

interface Job {
  kind: JobKind
  exec: () => Promise<unknown>
  resolve: (v: unknown) => void
  reject: (err: unknown) => void
  meta: unknown
}

export class BusQueue<Meta = unknown> {
  private readonly waiting: Job[] = []
  private running = false

  constructor(
    private readonly clock: Clock,
    private readonly gapMs: number,
  ) {}

  /** Jobs waiting their turn, not counting the one on the wire. */
  get length(): number {
    return this.waiting.length
  }

  get busy(): boolean {
    return this.running
  }

  run<T>(kind: JobKind, meta: Meta, exec: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { kind, exec, resolve: resolve as (v: unknown) => void, reject, meta }
      if (kind === 'unlock') {
        const firstRead = this.waiting.findIndex((j) => j.kind === 'read')
        this.waiting.splice(firstRead < 0 ? this.waiting.length : firstRead, 0, job)
      } else this.waiting.push(job)
      void this.pump()
    })
  }

  /** Rejects every waiting job (not the one on the wire, which ends by itself): nothing is kept for later. */
  failAll(errorFor: (kind: JobKind, meta: Meta) => Error): void {
    for (const job of this.waiting.splice(0)) job.reject(errorFor(job.kind, job.meta as Meta))
  }

  private async pump(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      for (let job = this.waiting.shift(); job; job = this.waiting.shift()) {
        try {
          job.resolve(await job.exec())
        } catch (err) {
          job.reject(err)
        }
        await delay(this.clock, this.gapMs)
      }
    } finally {
      this.running = false
    }
  }
}
