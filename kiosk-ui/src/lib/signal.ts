import { useEffect, useReducer } from 'preact/hooks'

// A tiny stand-in for @preact/signals: a value plus change listeners, and a hook to read it.
export interface ReadonlySignal<T> {
  readonly value: T
  subscribe(listener: () => void): () => void
}

export interface Signal<T> extends ReadonlySignal<T> {
  value: T
}

export function signal<T>(initial: T): Signal<T> {
  let current = initial
  const listeners = new Set<() => void>()
  return {
    get value() {
      return current
    },
    set value(next: T) {
      if (Object.is(next, current)) return
      current = next
      for (const listener of [...listeners]) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

/** Re-renders the calling component whenever the signal changes. */
export function useSignal<T>(source: ReadonlySignal<T>): T {
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  const seen = source.value
  useEffect(() => {
    // The value may have moved between render and subscription.
    if (!Object.is(seen, source.value)) rerender(0)
    return source.subscribe(() => rerender(0))
  }, [source])
  return seen
}
