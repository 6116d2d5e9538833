import { statfs } from 'node:fs/promises'
import type { Clock } from '../clock.js'

export interface DiskState {
  freeBytes: number
  totalBytes: number
  /** 0–100 */
  usedPercent: number
  /** A write failed for lack of space and none has succeeded since. */
  full: boolean
  /** usedPercent is at or past the configured alert threshold. */
  low: boolean
}

const CHECK_MS = 60_000
/** After a write failed for lack of space, this much free space counts as space returned. */
const FREED_BYTES = 256 * 1024

/**
 * Watches the data folder's disk: free space every minute (and right after a failed write), and whether
 * writes currently fail for lack of space. Changes of `low` or `full` are told, so managers hear of a
 * filling disk before it is full, and of a full one at once.
 */
export class DiskMonitor {
  #state: DiskState = { freeBytes: 0, totalBytes: 0, usedPercent: 0, full: false, low: false }
  #timer: unknown = null

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly alertPercent: number,
    private readonly changed: (s: DiskState) => void,
  ) {}

  get state(): DiskState {
    return this.#state
  }

  async start(): Promise<void> {
    await this.check()
    this.#timer = this.clock.setInterval(() => void this.check(), CHECK_MS)
  }

  stop(): void {
    if (this.#timer !== null) this.clock.clearInterval(this.#timer)
    this.#timer = null
  }

  async check(): Promise<DiskState> {
    try {
      const s = await statfs(this.dir)
      const total = s.blocks * s.bsize
      const free = s.bavail * s.bsize
      const used = total > 0 ? Math.round(((total - free) / total) * 1000) / 10 : 0
      // Space is back (something was deleted): writes will be tried again rather than refused on sight.
      const full = this.#state.full && free < FREED_BYTES
      this.#set({
        freeBytes: free,
        totalBytes: total,
        usedPercent: used,
        low: used >= this.alertPercent,
        full,
      })
    } catch {
      // statfs is not everywhere (it is on Linux); the write failures below still tell a full disk.
    }
    return this.#state
  }

  /** A write failed for lack of space. */
  writeFailed(): void {
    this.#set({ full: true })
    void this.check()
  }

  /** A write succeeded: space is back. */
  writeSucceeded(): void {
    if (this.#state.full) {
      this.#set({ full: false })
      void this.check()
    }
  }

  #set(part: Partial<DiskState>): void {
    const before = this.#state
    this.#state = { ...before, ...part }
    if (before.full !== this.#state.full || before.low !== this.#state.low) this.changed(this.#state)
  }
}
