/**
 * Pages of the candidate bar: as many whole candidates as fit its width, none cut off. A candidate is as
 * wide as its characters (each one em of the bar's font) plus padding, and never narrower than a finger.
 */
export interface BarMetrics {
  /** Width left for candidates, in px. */
  width: number
  /** One character, in px (the candidates' font size: CJK characters are one em wide). */
  char: number
  /** Padding of one candidate, both sides together, in px. */
  padding: number
  /** The narrowest a candidate may be, in px. */
  min: number
}

/** `texts` cut into pages: each page the index of its first candidate and how many it holds. */
export function paginate(texts: readonly string[], m: BarMetrics): { start: number; count: number }[] {
  const pages: { start: number; count: number }[] = []
  let start = 0
  let used = 0
  texts.forEach((text, i) => {
    const w = Math.max(m.min, Array.from(text).length * m.char + m.padding)
    if (i > start && used + w > m.width) {
      pages.push({ start, count: i - start })
      start = i
      used = 0
    }
    used += w
  })
  if (texts.length > start) pages.push({ start, count: texts.length - start })
  return pages
}
