/**
 * The one place that touches node-serialport. A connection is opened once and never reused after it is lost:
 * node-serialport's stream holds writes made while closed and sends them when it opens again, which for a
 * lock board would fire an unlock minutes late. So a lost port is destroyed, and a reopen makes a new one.
 */
import { SerialPort } from 'serialport'

export interface SerialSettings {
  baudRate: number
  dataBits: 8
  parity: 'none'
  stopBits: 1
}

/** An open serial connection. `onLost` is called once, when the port closes or fails by itself. */
export interface SerialConnection {
  /** Resolves once the bytes are handed to the OS and drained; rejects if the port fails meanwhile. */
  write(bytes: Buffer): Promise<void>
  close(): Promise<void>
}

export interface SerialHandlers {
  onData(chunk: Buffer): void
  onLost(err: Error & { code?: string }): void
}

export type OpenSerial = (
  path: string,
  settings: SerialSettings,
  handlers: SerialHandlers,
) => Promise<SerialConnection>

/**
 * node-serialport's native binding reports errors as strerror(3) text with no code; the driver's errors carry
 * the errno instead, so callers check a field (ENOENT: unplugged; EACCES: the udev group; EBUSY: taken).
 */
const ERRNO_TEXT: Array<[RegExp, string]> = [
  [/no such file or directory/i, 'ENOENT'],
  [/no such device or address/i, 'ENXIO'],
  [/no such device/i, 'ENODEV'],
  [/permission denied/i, 'EACCES'],
  [/input\/output error/i, 'EIO'],
  [/bad file descriptor/i, 'EBADF'],
  [/resource busy|resource temporarily unavailable|cannot lock port/i, 'EBUSY'],
  [/inappropriate ioctl/i, 'ENOTTY'],
]

export function withErrno(err: Error & { code?: string }): Error & { code?: string } {
  if (!err.code) err.code = ERRNO_TEXT.find(([re]) => re.test(err.message))?.[1]
  return err
}

/** node-serialport with its native binding (@serialport/bindings-cpp, loaded from its prebuilds). */
export const openSerialPort: OpenSerial = async (path, settings, handlers) => {
  const port = new SerialPort({ path, ...settings, autoOpen: false, hupcl: false })
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(withErrno(err)) : resolve())))
  let lost = false
  const loseOnce = (err: Error) => {
    if (lost) return
    lost = true
    port.removeAllListeners('data')
    // A write that node-serialport still holds must die with this port, never go out on a later one.
    port.destroy()
    handlers.onLost(withErrno(err))
  }
  port.on('data', (chunk: Buffer) => handlers.onData(chunk))
  port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
    if (err?.disconnected) loseOnce(err)
  })
  port.on('error', (err: Error) => loseOnce(err))
  return {
    write(bytes) {
      return new Promise((resolve, reject) => {
        if (lost || !port.isOpen)
          return reject(Object.assign(new Error('Port is not open'), { code: 'EBADF' }))
        port.write(bytes, (err) => {
          if (err) return reject(withErrno(err))
          port.drain((e) => (e ? reject(withErrno(e)) : resolve()))
        })
      })
    },
    close() {
      lost = true
      return new Promise((resolve) => {
        if (!port.isOpen) {
          port.destroy()
          return resolve()
        }
        port.close(() => {
          port.destroy()
          resolve()
        })
      })
    },
  }
}
