import type { Namespace, Socket } from 'socket.io'
import type { RequiredRole } from './access.js'
import { readCookie } from './cookie.js'
import type { SessionStore, SessionUser } from './sessions.js'

/** What an authorised socket carries in `socket.data`. */
export interface AuthSocketData {
  user: SessionUser
  sessionId: string
}

/**
 * Lets into `nsp` only sockets whose handshake carries a live session cookie (browsers send it with the
 * socket.io handshake like with any same-origin request), with `socket.data.user` set. When the session
 * ends (logout, expiry, account removed or its password changed) its sockets are disconnected.
 * Returns a function that stops tracking (the middleware stays).
 */
export function authorizeSocket(
  nsp: Namespace,
  sessions: SessionStore,
  role: RequiredRole = 'any',
): () => void {
  const bySession = new Map<string, Set<Socket>>()
  nsp.use((socket, next) => {
    sessions
      .resolve(readCookie(socket.handshake.headers.cookie))
      .then((found) => {
        if (!found) return next(new Error('login required'))
        if (role === 'manager' && found.user.role !== 'manager') return next(new Error('forbidden'))
        const data: AuthSocketData = { user: found.user, sessionId: found.id }
        Object.assign(socket.data, data)
        const set = bySession.get(found.id) ?? new Set<Socket>()
        bySession.set(found.id, set)
        set.add(socket)
        socket.once('disconnect', () => {
          set.delete(socket)
          if (set.size === 0 && bySession.get(found.id) === set) bySession.delete(found.id)
        })
        next()
      })
      .catch(() => next(new Error('login check failed')))
  })
  return sessions.onEnd((id) => {
    const set = bySession.get(id)
    if (!set) return
    bySession.delete(id)
    for (const socket of set) socket.disconnect(true)
  })
}
