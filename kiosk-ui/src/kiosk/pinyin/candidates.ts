/**
 * What the candidate bar offers for the pinyin typed so far, in order: guesses at the whole name (or the
 * whole rest of it), then compound surnames (欧阳 for ou·yang), then characters for the first syllable
 * (surnames first while no character of the name is picked yet; 陈 before 称 for chen). Picking one takes
 * its syllables; the next syllable's candidates follow, as on a phone.
 */
import type { Segment } from './segment.js'
import type { NameTable } from './table.js'

export interface Candidate {
  text: string
  /** How many of the leading syllables it turns into characters, one character each. */
  syllables: number
}

/** Whole-name guesses shown at most: enough for the usual second choice of a given-name character. */
const MAX_WHOLE = 3
/** Choices per syllable the whole-name guesses are made of. */
const PER_SYLLABLE = 3

/**
 * Ways to choose one item from each of `n` lists (indices into them), fewest departures from the first
 * choices first; among equals, changing an earlier syllable first (the first given-name character varies
 * more than the last).
 */
function choices(sizes: number[], limit: number): number[][] {
  const out: number[][] = []
  const walk = (at: number, picked: number[], budget: number) => {
    if (at === sizes.length) return void out.push(picked)
    for (let i = 0; i <= budget && i < (sizes[at] ?? 0); i++) walk(at + 1, [...picked, i], budget - i)
  }
  walk(0, [], PER_SYLLABLE - 1)
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0)
  out.sort((a, b) => sum(a) - sum(b) || b.join().localeCompare(a.join()))
  return out.slice(0, limit)
}

function wholeNames(table: NameTable, syllables: string[], surnameFirst: boolean): Candidate[] {
  let head = ''
  let rest = syllables
  if (surnameFirst) {
    const [first = '', second = ''] = syllables
    const compound = table.compound(first, second)[0]
    const single = table.surnames(first)[0] ?? table.given(first)[0]
    head = compound ?? single ?? ''
    rest = syllables.slice(Array.from(head).length)
    if (!head) return []
  }
  const lists = rest.map((s) => table.given(s).slice(0, PER_SYLLABLE))
  if (lists.some((l) => l.length === 0)) return []
  return choices(
    lists.map((l) => l.length),
    MAX_WHOLE,
  ).map((picked) => ({
    text: head + picked.map((i, k) => lists[k]?.[i]).join(''),
    syllables: syllables.length,
  }))
}

/**
 * The candidates for `segments` (the pending letters, cut); `surnameFirst` while the name has no
 * character yet. None until the first syllable is whole.
 */
export function nameCandidates(
  table: NameTable,
  segments: readonly Segment[],
  surnameFirst: boolean,
): Candidate[] {
  const whole = segments.findIndex((s) => s.kind !== 'syllable')
  const syllables = segments.slice(0, whole === -1 ? segments.length : whole).map((s) => s.syllable)
  const [first, second] = syllables
  if (!first) return []
  const out: Candidate[] = []
  const seen = new Set<string>()
  const offer = (text: string | undefined, n: number) => {
    if (!text || seen.has(text)) return
    seen.add(text)
    out.push({ text, syllables: n })
  }
  if (whole === -1 && syllables.length > 1)
    for (const c of wholeNames(table, syllables, surnameFirst)) offer(c.text, c.syllables)
  if (surnameFirst && second) for (const c of table.compound(first, second)) offer(c, 2)
  if (surnameFirst) for (const c of table.surnames(first)) offer(c, 1)
  for (const c of table.given(first)) offer(c, 1)
  return out
}
