import { signal } from '../lib/signal.js'
import { api, setUnauthorizedHandler } from './api.js'
import type { Me } from './types.js'

/** undefined while the page asks who is logged in; null when nobody is. */
export const me = signal<Me | null | undefined>(undefined)
/** A session that ended under the user's hands (a 401), so the login form can say so. */
export const sessionEnded = signal(false)

setUnauthorizedHandler(() => {
  if (me.value) sessionEnded.value = true
  me.value = null
})

export async function checkSession(): Promise<void> {
  try {
    me.value = await api.me()
  } catch {
    me.value ??= null
  }
}

export async function login(name: string, password: string): Promise<void> {
  await api.login(name, password)
  sessionEnded.value = false
  me.value = await api.me()
}

export async function logout(): Promise<void> {
  try {
    await api.logout()
  } finally {
    sessionEnded.value = false
    me.value = null
  }
}
