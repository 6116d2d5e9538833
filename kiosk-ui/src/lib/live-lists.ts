import { signal } from './signal.js'
import type { Notice, Screening } from './types.js'

/**
 * The notices and screenings the hub pushed last (socket.io `notices`, `screenings`: whole lists, on every
 * change); null until the first push. The screens also load them over HTTP on every (re)connection.
 */
export const pushedNotices = signal<Notice[] | null>(null)
export const pushedScreenings = signal<Screening[] | null>(null)

const listOf = <T>(body: unknown, key: string): T[] | null => {
  const list = (body as Record<string, unknown> | null)?.[key]
  return Array.isArray(list) ? (list as T[]) : null
}

export function applyNotices(body: unknown): void {
  const list = listOf<Notice>(body, 'notices')
  if (list) pushedNotices.value = list
}

export function applyScreenings(body: unknown): void {
  const list = listOf<Screening>(body, 'screenings')
  if (list) pushedScreenings.value = list
}
