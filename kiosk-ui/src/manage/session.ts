import { api, setUnauthorizedHandler } from '../lib/manage-api.js'
import type { User } from '../lib/manage-types.js'
import { signal } from '../lib/signal.js'

/** undefined while the console asks the hub who is logged in; null when nobody is. */
export const user = signal<User | null | undefined>(undefined)
/** Set when a session ended under the manager's hands (401 on a request), so the login screen can say so. */
export const sessionEnded = signal(false)

export const canAct = (u: User | null | undefined) => u?.role === 'manager'

setUnauthorizedHandler(() => {
  if (user.value) sessionEnded.value = true
  user.value = null
})

export async function checkSession(): Promise<void> {
  try {
    user.value = await api.me()
  } catch {
    // A 401 has already set user to null; a network failure leaves the login screen to retry.
    user.value ??= null
  }
}

export async function login(name: string, password: string): Promise<void> {
  const u = await api.login(name, password)
  sessionEnded.value = false
  user.value = u
}

export async function logout(): Promise<void> {
  try {
    await api.logout()
  } finally {
    sessionEnded.value = false
    user.value = null
  }
}
