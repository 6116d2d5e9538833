/**
 * The pinyin → characters table for names, as kiosk-ui/scripts/name-table/make.ts writes it to
 * name-table.json, and the lists read from it. Syllables are toneless, with v for ü (lv, nve).
 */
export interface NameTableJson {
  /** Per syllable, every character a name may hold: usual given-name characters first, then by frequency. */
  chars: Record<string, string>
  /** Per syllable, single-character surnames, most common first. */
  surnames: Record<string, string>
  /** Two-character surnames, keyed by their syllables joined with an apostrophe (ou'yang), most common first. */
  compound: Record<string, string[]>
}

export interface NameTable {
  /** Every syllable that has characters: what typed letters are cut into. */
  syllables: readonly string[]
  /** Characters for a syllable in a given name, most usual first. */
  given(syllable: string): readonly string[]
  /** Single-character surnames for a syllable, most common first. */
  surnames(syllable: string): readonly string[]
  /** Two-character surnames for two syllables, most common first. */
  compound(first: string, second: string): readonly string[]
}

const NONE: readonly string[] = []

export function nameTable(json: NameTableJson): NameTable {
  const split = (map: Record<string, string>) =>
    new Map(Object.entries(map).map(([syllable, chars]) => [syllable, Array.from(chars)]))
  const chars = split(json.chars)
  const surnames = split(json.surnames)
  return {
    syllables: [...chars.keys()],
    given: (s) => chars.get(s) ?? NONE,
    surnames: (s) => surnames.get(s) ?? NONE,
    compound: (a, b) => json.compound[`${a}'${b}`] ?? NONE,
  }
}
