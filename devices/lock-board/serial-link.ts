/**
 * A serial port that stays open: opened by its stable path (/dev/serial/by-id/…), and when it closes or fails
 * (an unplugged USB adapter, the most common fault in the field) reopened by the same path with backoff on
 * the injected clock, until close(). While it is down, write() fails at once: nothing waits to go out later.
 */
import type { Clock } from './clock.js'
import { Emitter } from './emitter.js'
import { LockBoardError } from './errors.js'
import { type OpenSerial, openSerialPort, type SerialConnection, type SerialSettings } from './serial-port.js'

export interface ReconnectPolicy {
  /** Wait before the first reopen; doubles after each failed attempt. */
  firstMs: number
  /** Longest wait between two attempts. */
  maxMs: number
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { firstMs: 250, maxMs: 5000 }

export type LinkState = 'idle' | 'opening' | 'open' | 'waiting' | 'closed'

export interface LinkEvents {
  data: Buffer
  /** The port opened (first time or again). */
  up: { path: string; reopened: boolean }
  /** The open port was lost. */
  down: { error: LockBoardError }
  /** An open attempt failed; the next one is due in `retryInMs`. */
  'open-failed': { error: LockBoardError; retryInMs: number }
}

export interface SerialLinkOptions {
  path: string
  serial: SerialSettings
  clock: Clock
  reconnect?: ReconnectPolicy
  /** node-serialport by default; injectable for a test of the policy alone. */
  openSerial?: OpenSerial
}

export class SerialLink extends Emitter<LinkEvents> {
  private conn: SerialConnection | undefined
  private stateNow: LinkState = 'idle'
  private timer: unknown
  private waitMs: number
  private wasOpen = false
  private readonly policy: ReconnectPolicy
  private readonly openSerial: OpenSerial

  constructor(private readonly opts: SerialLinkOptions) {
    super()
    this.policy = opts.reconnect ?? DEFAULT_RECONNECT
    this.waitMs = this.policy.firstMs
    this.openSerial = opts.openSerial ?? openSerialPort
  }

  get state(): LinkState {
    return this.stateNow
  }

  /** A method, not a field read, so TypeScript does not narrow it away across an await. */
  private get closed(): boolean {
    return this.stateNow === 'closed'
  }

  get isOpen(): boolean {
    return this.stateNow === 'open'
  }

  /**
   * Makes the first attempt and tells how it went. Whatever it says, the link keeps reopening the port by
   * itself until close(): a rejected open() is news, not the end.
   */
  open(): Promise<void> {
    if (this.stateNow !== 'idle') return Promise.reject(new Error(`open(): the link is ${this.stateNow}`))
    return this.attempt()
  }

  /** Writes and drains; rejects at once with `disconnected: true` while the port is down. */
  async write(bytes: Buffer): Promise<void> {
    const conn = this.conn
    if (!conn || this.stateNow !== 'open')
      throw new LockBoardError('disconnected', `serial port ${this.opts.path} is not open`)
    try {
      await conn.write(bytes)
    } catch (err) {
      const error = this.asError(err)
      this.lost(conn, error)
      throw error
    }
  }

  async close(): Promise<void> {
    if (this.stateNow === 'closed') return
    this.stateNow = 'closed'
    this.opts.clock.clearTimeout(this.timer)
    const conn = this.conn
    this.conn = undefined
    await conn?.close()
    this.removeAllListeners()
  }

  private async attempt(): Promise<void> {
    this.stateNow = 'opening'
    let conn: SerialConnection
    try {
      conn = await this.openSerial(this.opts.path, this.opts.serial, {
        onData: (chunk) => {
          if (this.conn === conn) this.emit('data', chunk)
        },
        onLost: (err) => this.lost(conn, this.asError(err)),
      })
    } catch (err) {
      const error = this.asError(err)
      if (!this.closed) {
        const retryInMs = this.scheduleReopen()
        this.emit('open-failed', { error, retryInMs })
      }
      throw error
    }
    if (this.closed) {
      await conn.close()
      throw new LockBoardError('closed', 'the link was closed while opening')
    }
    this.conn = conn
    this.stateNow = 'open'
    this.waitMs = this.policy.firstMs
    const reopened = this.wasOpen
    this.wasOpen = true
    this.emit('up', { path: this.opts.path, reopened })
  }

  private lost(conn: SerialConnection, error: LockBoardError): void {
    if (this.conn !== conn || this.stateNow !== 'open') return
    this.conn = undefined
    void conn.close().catch(() => {})
    this.scheduleReopen()
    this.emit('down', { error })
  }

  private scheduleReopen(): number {
    const ms = this.waitMs
    this.waitMs = Math.min(this.waitMs * 2, this.policy.maxMs)
    this.stateNow = 'waiting'
    this.timer = this.opts.clock.setTimeout(() => {
      if (this.stateNow === 'waiting') this.attempt().catch(() => {})
    }, ms)
    return ms
  }

  private asError(err: unknown): LockBoardError {
    if (err instanceof LockBoardError) return err
    const e = err as Error & { code?: string }
    const why = (e?.message ?? String(err)).replace(/^Error: /, '')
    return new LockBoardError('disconnected', `serial port ${this.opts.path}: ${why}`, {
      errno: e?.code,
    })
  }
}
