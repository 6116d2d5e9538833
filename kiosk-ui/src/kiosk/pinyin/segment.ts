/**
 * Cutting typed pinyin into syllables, as phone keyboards do: `chenxiaoming` → chen·xiao·ming, `xian` → xian
 * (one syllable) but `xi'an` → xi·an (the apostrophe separates), `nana` → na·na rather than nan·a.
 */

export interface Segment {
  /** The syllable as the table spells it (lve for a typed lue); for other kinds, the letters as typed. */
  syllable: string
  /**
   * `syllable`: a whole syllable; `partial`: the start of one, at the end of the input (still being typed);
   * `unknown`: a letter that begins no syllable.
   */
  kind: 'syllable' | 'partial' | 'unknown'
  /** Where its letters are in the input, from (inclusive) to (exclusive). */
  from: number
  to: number
}

/** Typed spellings of ü that phones accept besides v: lue and nue are lve and nve. */
const ALIASES: Record<string, string> = { lue: 'lve', nue: 'nve' }
const LONGEST = 6 // zhuang, chuang, shuang
const VOWEL_START = /^[aoe]/

/**
 * Lexicographic: fewer unknown letters, then fewer unfinished syllables, then fewer syllables that start with
 * a vowel after another (the n or g before them more likely begins the next: nana is na·na, xian one
 * syllable), then fewer syllables (the longest match).
 */
type Cost = [unknown: number, partial: number, vowelStarts: number, count: number]

const add = (a: Cost, b: Cost): Cost => [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
function less(a: Cost, b: Cost): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number)
  return false
}

export type Segmenter = (typed: string) => Segment[]

/** A segmenter over the syllables of a table (toneless, v for ü). */
export function segmenter(syllables: Iterable<string>): Segmenter {
  const whole = new Set(syllables)
  const prefixes = new Set<string>()
  for (const s of whole) for (let i = 1; i < s.length; i++) prefixes.add(s.slice(0, i))
  const spelled = (letters: string) => {
    const s = ALIASES[letters] ?? letters
    return whole.has(s) ? s : null
  }

  /** The best cut of one run of letters between apostrophes; `last`: the run at the end of the input. */
  function cut(run: string, offset: number, last: boolean): Segment[] {
    const n = run.length
    const best: (Cost | null)[] = Array(n + 1).fill(null)
    const step: (Segment | null)[] = Array(n + 1).fill(null)
    best[n] = [0, 0, 0, 0]
    for (let i = n - 1; i >= 0; i--) {
      const consider = (segment: Segment, cost: Cost) => {
        const rest = best[segment.to - offset]
        if (!rest) return
        const total = add(cost, rest)
        const current = best[i]
        if (!current || less(total, current)) {
          best[i] = total
          step[i] = segment
        }
      }
      for (let j = Math.min(n, i + LONGEST); j > i; j--) {
        const letters = run.slice(i, j)
        const vowel = i > 0 && VOWEL_START.test(letters) ? 1 : 0
        const at = { from: offset + i, to: offset + j }
        const syllable = spelled(letters)
        if (syllable) consider({ syllable, kind: 'syllable', ...at }, [0, 0, vowel, 1])
        else if (last && j === n && prefixes.has(letters))
          consider({ syllable: letters, kind: 'partial', ...at }, [0, 1, vowel, 1])
      }
      const letter = {
        syllable: run.slice(i, i + 1),
        kind: 'unknown' as const,
        from: offset + i,
        to: offset + i + 1,
      }
      consider(letter, [1, 0, 0, 1])
    }
    const out: Segment[] = []
    for (let i = 0; i < n; ) {
      const s = step[i] as Segment
      out.push(s)
      i = s.to - offset
    }
    return out
  }

  return (typed) => {
    const out: Segment[] = []
    const runs = [...typed.matchAll(/[^']+/g)]
    runs.forEach((m, k) => {
      out.push(...cut(m[0], m.index, k === runs.length - 1 && !typed.endsWith("'")))
    })
    return out
  }
}

/**
 * What the field shows for pending letters: syllables apart (xiao'ming), ü for v (lü), unknown letters as
 * typed, and an apostrophe just typed.
 */
export function showSegments(typed: string, segments: readonly Segment[]): string {
  let out = ''
  let previous: Segment['kind'] | null = null
  for (const s of segments) {
    const text = s.kind === 'unknown' ? s.syllable : s.syllable.replace(/^([ln])v/, '$1ü')
    if (previous && !(previous === 'unknown' && s.kind === 'unknown')) out += "'"
    out += text
    previous = s.kind
  }
  return typed.endsWith("'") && out ? `${out}'` : out
}
