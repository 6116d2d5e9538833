import { signal } from '../lib/signal.js'

export const TABS = ['overview', 'alerts', 'publish', 'audit'] as const
export type Tab = (typeof TABS)[number]

/** `#overview`, `#station/<id>` (under the overview tab), `#alerts`, `#publish`, `#audit`. */
export interface Route {
  tab: Tab
  /** A station id on `#station/<id>`. */
  station: string | null
}

export function parseHash(hash: string): Route {
  const [head = '', ...rest] = hash.replace(/^#\/?/, '').split('/')
  if (head === 'station' && rest.length > 0)
    return { tab: 'overview', station: decodeURIComponent(rest.join('/')) || null }
  return { tab: (TABS as readonly string[]).includes(head) ? (head as Tab) : 'overview', station: null }
}

export const route = signal<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash))

export function startRouter(): void {
  addEventListener('hashchange', () => {
    route.value = parseHash(location.hash)
    scrollTo(0, 0)
  })
}

export const stationHref = (id: string) => `#station/${encodeURIComponent(id)}`
