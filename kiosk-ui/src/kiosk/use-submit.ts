import { useEffect, useRef, useState } from 'preact/hooks'
import { errorCodeOf, HubError, NETWORK } from '../lib/http.js'
import { link } from '../lib/socket.js'
import { knownKey, t } from './i18n.js'

/** The code of a failed request, kept rather than its text so a language switch re-words the message. */
export const errorCode = errorCodeOf

/**
 * A short, kind sentence for a hub error code, from the i18n table (never the hub's English message);
 * with `waitSec`, how long to wait before trying again.
 */
export function errorText(code: string, waitSec: number | null = null): string {
  if (code === 'HUB_ERR_TOO_MANY_TRIES' && waitSec !== null) return t('tries.wait', { n: waitSec })
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
  /** Seconds the hub asked to wait (a 429 with Retry-After), as they were when it answered. */
  const [waitSec, setWaitSec] = useState<number | null>(null)
  const running = useRef(false)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    [],
  )
  // "Cannot reach the hub" stops being true when the link is back: it goes with the offline banner, and
  // what was typed is still there to send.
  useEffect(
    () =>
      link.subscribe(() => {
        if (link.value === 'connected') setError((e) => (e === NETWORK ? null : e))
      }),
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
      if (!alive.current) return
      setError(errorCode(err))
      const until = err instanceof HubError ? err.until : null
      setWaitSec(until === null ? null : Math.max(1, Math.ceil((until - Date.now()) / 1000)))
    } finally {
      running.current = false
      if (alive.current) setBusy(false)
    }
  }
  return { busy, error, waitSec, run, clearError: () => setError(null) }
}
