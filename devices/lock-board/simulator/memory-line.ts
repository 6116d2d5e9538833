/**
 * A serial line in memory, for tests that drive time with fake timers (a pty needs real time): two OpenSerial
 * functions, one per end, joined as a null-modem cable would join them, and a plug to pull. The driver and the
 * simulator run on it unchanged, as node-serialport's MockBinding lets a program run without a port.
 */
import type { OpenSerial, SerialConnection, SerialHandlers } from '../serial-port.js'

export interface MemoryLine {
  host: OpenSerial
  board: OpenSerial
  /** Both ends fail (EIO) and opening fails (ENOENT) until replug(). */
  unplug(): void
  replug(): void
  readonly plugged: boolean
}

type Side = 'host' | 'board'

function errnoError(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code })
}

/** `echo`: the host reads back what it sends, as a transceiver whose receiver is always on. */
export function memoryLine(opts: { echo?: boolean } = {}): MemoryLine {
  let plugged = true
  const ends: Record<Side, { handlers: SerialHandlers; conn: SerialConnection } | undefined> = {
    host: undefined,
    board: undefined,
  }
  const other = (side: Side): Side => (side === 'host' ? 'board' : 'host')
  const open =
    (side: Side): OpenSerial =>
    async (path, _settings, handlers) => {
      if (!plugged) throw errnoError(`No such file or directory, cannot open ${path}`, 'ENOENT')
      const conn: SerialConnection = {
        async write(bytes) {
          if (!plugged || ends[side]?.conn !== conn) throw errnoError('Input/output error', 'EIO')
          const copy = Buffer.from(bytes)
          // Delivered on the next microtask, as bytes from a port arrive in a later event.
          queueMicrotask(() => {
            const peer = ends[other(side)]
            if (side === 'host' && opts.echo) ends.host?.handlers.onData(copy)
            if (plugged && peer) peer.handlers.onData(copy)
          })
        },
        async close() {
          if (ends[side]?.conn === conn) ends[side] = undefined
        },
      }
      ends[side] = { handlers, conn }
      return conn
    }
  return {
    host: open('host'),
    board: open('board'),
    unplug() {
      plugged = false
      for (const side of ['host', 'board'] as const) {
        const end = ends[side]
        ends[side] = undefined
        end?.handlers.onLost(errnoError('Input/output error', 'EIO'))
      }
    },
    replug() {
      plugged = true
    },
    get plugged() {
      return plugged
    },
  }
}
