import { useEffect, useRef, useState } from 'preact/hooks'
import { errorCodeOf } from '../lib/http.js'
import { knownKey, t } from './i18n.js'

/** The code of a failed request, kept rather than its text so a language switch re-words the message. */
export const errorCode = errorCodeOf

/** A short, kind sentence for a hub error code, from the i18n table (never the hub's English message). */
export function errorText(code: string): string {
  return t(knownKey('error.', code, 'error.generic'))
}

/**
 * One request at a time from a screen: a second tap while it runs does nothing, a failure leaves its
 * code for the screen to show, and nothing happens to a screen that is gone.
 */
export function useSubmit<A extends unknown[], R>(
  send: (...args: A) => Promise<R>,
  onDone: (result: R) => void,
) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const running = useRef(false)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    [],
  )
  const run = async (...args: A) => {
    if (running.current) return
    running.current = true
    setBusy(true)
    setError(null)
    try {
      const result = await send(...args)
      if (alive.current) onDone(result)
    } catch (err) {
      if (alive.current) setError(errorCode(err))
    } finally {
      running.current = false
      if (alive.current) setBusy(false)
    }
  }
  return { busy, error, run, clearError: () => setError(null) }
}
