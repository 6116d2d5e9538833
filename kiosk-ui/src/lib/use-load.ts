import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

// Loading and one-action-at-a-time hooks of the console and the district page; each binds its own words
// for a failure (createLoaders(errorText)).

export interface Loaded<T> {
  data: T | undefined
  /** The failure of the last load, already in words; the last good data stays shown with it. */
  error: string | null
  loading: boolean
  reload: () => Promise<void>
}

export function createLoaders(errorText: (err: unknown) => string) {
  /** Loads on mount and whenever `deps` change; a slower answer to an older request is dropped. */
  function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
    const [data, setData] = useState<T | undefined>(undefined)
    const [error, setError] = useState<string | null>(null)
    const [loading, setLoading] = useState(true)
    const seq = useRef(0)
    const reload = useCallback(async () => {
      const mine = ++seq.current
      setLoading(true)
      try {
        const next = await load()
        if (mine !== seq.current) return
        setData(next)
        setError(null)
      } catch (err) {
        if (mine === seq.current) setError(errorText(err))
      } finally {
        if (mine === seq.current) setLoading(false)
      }
    }, deps)
    useEffect(() => {
      void reload()
    }, [reload])
    return { data, error, loading, reload }
  }

  /** Runs one action at a time (a save, an acknowledgement) and keeps its error in words for the form. */
  function useAction() {
    const [busy, setBusy] = useState(false)
    const [error, setError] = useState<string | null>(null)
    const run = async (action: () => Promise<unknown>): Promise<boolean> => {
      if (busy) return false
      setBusy(true)
      setError(null)
      try {
        await action()
        return true
      } catch (err) {
        setError(errorText(err))
        return false
      } finally {
        setBusy(false)
      }
    }
    return { busy, error, setError, run }
  }
  return { useLoad, useAction }
}
