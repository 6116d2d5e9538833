/**
 * How each key and pick changes a name being typed (pure functions over NameEntry). In pinyin mode letters
 * wait as pinyin until a candidate turns them into characters; in ABC mode they go straight into the name.
 */
import type { KeyboardMode, NameChar, NameEntry } from '../name-entry.js'
import { type Candidate, nameCandidates } from './candidates.js'
import { type Segmenter, segmenter, showSegments } from './segment.js'
import type { NameTable } from './table.js'

/** Six syllables of the longest kind: more than any name needs. */
const MAX_PENDING = 36
const HAN = /\p{Script=Han}/u

export interface Composer {
  /** A letter, the apostrophe, the middle dot, or a space. */
  key(entry: NameEntry, key: string): NameEntry
  backspace(entry: NameEntry): NameEntry
  pick(entry: NameEntry, candidate: Candidate): NameEntry
  clear(entry: NameEntry): NameEntry
  /** To ABC mode, pinyin not yet picked stays as the letters typed. */
  setMode(entry: NameEntry, mode: KeyboardMode): NameEntry
  candidates(entry: NameEntry): Candidate[]
}

export function composer(table: NameTable, maxChars: number): Composer {
  const cut: Segmenter = segmenter(table.syllables)
  const withPending = (entry: NameEntry, pending: string, chars = entry.chars, picking = entry.picking) => ({
    ...entry,
    chars,
    pending,
    pendingShown: pending ? showSegments(pending, cut(pending)) : '',
    picking: pending ? picking : 0,
  })
  const append = (entry: NameEntry, char: string) =>
    entry.chars.length < maxChars ? { ...entry, chars: [...entry.chars, { char }] } : entry

  function pinyinKey(entry: NameEntry, key: string): NameEntry {
    const { pending, chars } = entry
    if (/^[a-z]$/.test(key))
      return pending.length < MAX_PENDING && chars.length < maxChars
        ? withPending(entry, pending + key)
        : entry
    if (key === "'") return pending && !pending.endsWith("'") ? withPending(entry, `${pending}'`) : entry
    // The dot joins two parts of a name: after a character, not while pinyin waits to be picked.
    if (key === '·')
      return !pending && chars.length && chars.at(-1)?.char !== '·' ? append(entry, key) : entry
    return entry
  }

  function latinKey(entry: NameEntry, key: string): NameEntry {
    if (/^[A-Za-z]$/.test(key)) return append(entry, key)
    const last = entry.chars.at(-1)?.char
    if (key === ' ') return last && last !== ' ' ? append(entry, key) : entry
    return entry
  }

  return {
    key: (entry, key) => (entry.mode === 'pinyin' ? pinyinKey(entry, key) : latinKey(entry, key)),

    backspace(entry) {
      const { chars, pending, picking } = entry
      const last = chars.at(-1)
      // A character picked from the letters still waiting: back to its syllable, in front of them.
      if (pending && picking > 0 && last?.pinyin)
        return withPending(entry, `${last.pinyin}'${pending}`, chars.slice(0, -1), picking - 1)
      if (pending) return withPending(entry, pending.slice(0, -1))
      if (entry.mode === 'pinyin' && last?.pinyin)
        return withPending(entry, last.pinyin, chars.slice(0, -1), 0)
      return { ...entry, chars: chars.slice(0, -1) }
    },

    pick(entry, candidate) {
      const segments = cut(entry.pending)
      const taken = segments.slice(0, candidate.syllables)
      const picked = Array.from(candidate.text)
      if (picked.length !== taken.length || entry.chars.length + picked.length > maxChars) return entry
      const chars: NameChar[] = [
        ...entry.chars,
        ...picked.map((char, i) => ({ char, pinyin: taken[i]?.syllable })),
      ]
      const rest = entry.pending.slice(taken.at(-1)?.to ?? 0).replace(/^'+/, '')
      return withPending(entry, rest, chars, entry.picking + picked.length)
    },

    clear: (entry) => withPending(entry, '', [], 0),

    setMode(entry, mode) {
      if (mode === entry.mode) return entry
      const letters = Array.from(entry.pending.replace(/'/g, '')).map((char) => ({ char }))
      const chars = [...entry.chars, ...letters].slice(0, maxChars)
      return { ...withPending(entry, '', chars, 0), mode }
    },

    candidates(entry) {
      if (entry.mode !== 'pinyin' || !entry.pending) return []
      const surnameFirst = !entry.chars.some((c) => HAN.test(c.char))
      return nameCandidates(table, cut(entry.pending), surnameFirst)
    },
  }
}
