import type { Namespace, Socket } from 'socket.io'
import { normalizeOrigin, originProblem, ownOrigins } from '../http/origin.js'
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
 * socket.io handshake like with any same-origin request), with `socket.data.user` set, and that come from
 * the hub's own pages or an allowed origin: a WebSocket is not held by CORS, so a page on another port of
 * the same host could otherwise open it with the manager's cookie (server/http/origin.ts). When the session
 * ends (logout, expiry, account removed or its password changed) its sockets are disconnected.
 * Returns a function that stops tracking (the middleware stays).
 */
export function authorizeSocket(
  nsp: Namespace,
  sessions: SessionStore,
  role: RequiredRole = 'any',
  allowedOrigins: readonly string[] = [],
): () => void {
  const allowed = new Set(allowedOrigins.map((o) => normalizeOrigin(o)).filter((o) => o !== null))
  const bySession = new Map<string, Set<Socket>>()
  nsp.use((socket, next) => {
    const { headers, secure } = socket.handshake
    const problem = originProblem(headers, ownOrigins(headers, secure ? 'https' : 'http'), allowed)
    if (problem) return next(new Error(`origin not allowed (${problem})`))
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
