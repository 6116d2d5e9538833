// The one socket reconnect routine of both pages: the kiosk's station state (`/`) and the console's
// alerts (`/manager`) both connect through it, so both come back the same way after the hub was away.
import { io, type Socket } from 'socket.io-client'
import type { Signal } from './signal.js'

export type LinkStatus = 'connecting' | 'connected' | 'disconnected'

/** A kiosk on the station's own network, a phone nearby: retry every 1–2 s, so screens are back quickly. */
const RECONNECT = { reconnectionDelay: 1000, reconnectionDelayMax: 2000 }
/** After a hub's goodbye or a refusal socket.io stops retrying by itself; we try again after these waits. */
const AFTER_GOODBYE_MS = 1000
const AFTER_REFUSAL_MS = 5000

export interface LiveSocketOptions {
  /** A namespace of the hub that served this page (`/manager`), or a full URL; the page's own hub if left out. */
  path?: string
  /** Follows the link: connecting, connected, disconnected. */
  status: Signal<LinkStatus>
  /** The hub refused the connection (its middleware said no: e.g. the session ended). */
  onRefused?: () => void
}

/**
 * Connects and keeps connecting, forever: socket.io's own backoff for a lost network, and a retry of our
 * own where socket.io gives up (the hub shut down and said goodbye, or refused us). Returns the socket
 * for the caller's events, and a close function.
 */
export function openLiveSocket<E extends object>({
  path,
  status,
  onRefused,
}: LiveSocketOptions): { socket: Socket<E>; close: () => void } {
  // withCredentials: the console's session cookie goes with the handshake.
  const options = { ...RECONNECT, withCredentials: true }
  const socket: Socket<E> = path ? io(path, options) : io(options)
  let retry: ReturnType<typeof setTimeout> | undefined
  const later = (ms: number) => {
    clearTimeout(retry)
    retry = setTimeout(() => socket.connect(), ms)
  }
  socket.on('connect', () => {
    status.value = 'connected'
  })
  socket.on('disconnect', (reason) => {
    status.value = 'disconnected'
    // A hub that shuts down says goodbye ("io server disconnect"); socket.io then waits for us to reconnect.
    if (reason === 'io server disconnect') later(AFTER_GOODBYE_MS)
  })
  socket.on('connect_error', () => {
    status.value = 'disconnected'
    // A refusal by the hub (not a network error) stops socket.io's own retries; keep trying anyway.
    if (!socket.active) {
      onRefused?.()
      later(AFTER_REFUSAL_MS)
    }
  })
  return {
    socket,
    close() {
      clearTimeout(retry)
      socket.close()
    },
  }
}
