import { signal } from '../lib/signal.js'

export const TABS = ['alerts', 'devices', 'stock', 'lockers', 'screenings', 'notices', 'stats'] as const
export type Tab = (typeof TABS)[number]

export interface Route {
  tab: Tab
  /** The second part of the hash: a device id on `devices`, `history` on `alerts`. */
  sub: string | null
}

/** `#devices/fridge-1` → { tab: 'devices', sub: 'fridge-1' }. The hash keeps the phone's back button useful. */
export function parseHash(hash: string): Route {
  const [tab = '', ...rest] = hash.replace(/^#\/?/, '').split('/')
  const known = (TABS as readonly string[]).includes(tab) ? (tab as Tab) : 'alerts'
  const sub = rest.length > 0 && known === tab ? decodeURIComponent(rest.join('/')) : null
  return { tab: known, sub: sub || null }
}

export const route = signal<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash))

export function startRouter(): void {
  addEventListener('hashchange', () => {
    route.value = parseHash(location.hash)
    scrollTo(0, 0)
  })
}

export const href = (tab: Tab, sub?: string) => `#${tab}${sub ? `/${encodeURIComponent(sub)}` : ''}`

export const go = (tab: Tab, sub?: string) => {
  location.hash = href(tab, sub)
}
