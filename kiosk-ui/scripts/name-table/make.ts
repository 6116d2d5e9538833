/**
 * Makes kiosk-ui/src/kiosk/pinyin/name-table.json, the table the kiosk's name keyboard types names with:
 *
 *   npm run name-table
 *
 * From:
 * - the pinyin table of simple-keyboard-layouts (from pinyinjs): every character of GB 2312, the national
 *   standard set names have been written in, under each toneless syllable it is read as, most frequent
 *   first. It gives the syllables and the order after the name characters;
 * - pinyin-pro: the reading of a surname (单 shàn, 曾 zēng, 区 ōu), its surname table (百家姓 and the
 *   compound surnames), and readings of name characters outside GB 2312;
 * - the lists beside this file: common surnames and given-name characters in order, and characters never
 *   offered in a name.
 * tests/unit/pinyin-table.test.ts checks that the committed table is what this script makes.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { pinyin } from 'pinyin-pro'
import pinyinProSurnames from 'pinyin-pro/dist/esm/data/surname.mjs'
import chinese from 'simple-keyboard-layouts/build/layouts/chinese.js'
import type { NameTableJson } from '../../src/kiosk/pinyin/table.js'
import { GIVEN_NAME_CHARS } from './given-names.js'
import { NOT_IN_NAMES } from './not-in-names.js'
import { COMMON_COMPOUND_SURNAMES, COMMON_SURNAMES } from './surnames.js'

export const TABLE_FILE = fileURLToPath(new URL('../../src/kiosk/pinyin/name-table.json', import.meta.url))

/** Toned pinyin (lǚ, ōu yáng) → toneless syllables with v for ü (lv, ou yang). */
const toneless = (s: string) =>
  s
    .replace(/[üǖǘǚǜ]/g, 'v')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()

/** pinyinjs: syllable → characters, most frequent first. */
function frequencyTable(): Map<string, string[]> {
  const layout = chinese as unknown as { layoutCandidates: Record<string, string> }
  return new Map(
    Object.entries(layout.layoutCandidates).map(([s, chars]) => [s, chars.split(' ').filter(Boolean)]),
  )
}

function unique(chars: Iterable<string>, what: string): string[] {
  const seen = new Set<string>()
  for (const c of chars) {
    if (seen.has(c)) throw new Error(`${what}: ${c} is listed twice`)
    seen.add(c)
  }
  return [...seen]
}

/** A character's usual reading: pinyin-pro's first, in surname mode when it is a surname. */
const usualReading = (char: string, surname = false) =>
  toneless(pinyin(char, { toneType: 'none', surname: surname ? 'head' : 'off', v: true }))

export function makeNameTable(): NameTableJson {
  const frequent = frequencyTable()
  const syllable = (s: string, of: string) => {
    if (!frequent.has(s)) throw new Error(`${of} reads ${s}, which is not a syllable of the table`)
    return s
  }
  const push = (map: Map<string, string[]>, key: string, char: string) => {
    const list = map.get(key) ?? []
    if (!list.includes(char)) list.push(char)
    map.set(key, list)
  }

  // Given-name characters first, under the reading a name gives them; then the rest by frequency.
  const chars = new Map<string, string[]>()
  const stop = new Set(unique(NOT_IN_NAMES, 'not-in-names.ts'))
  for (const char of unique(GIVEN_NAME_CHARS, 'given-names.ts'))
    push(chars, syllable(usualReading(char), char), char)
  for (const [s, list] of frequent) for (const char of list) if (!stop.has(char)) push(chars, s, char)

  // Surnames: the common ones in order, then the rest of pinyin-pro's (百家姓 order), by surname reading.
  const surnames = new Map<string, string[]>()
  const proSingles = Object.keys(pinyinProSurnames).filter((k) => Array.from(k).length === 1)
  for (const char of unique([...COMMON_SURNAMES], 'surnames.ts'))
    push(surnames, syllable(usualReading(char, true), char), char)
  for (const char of proSingles) push(surnames, syllable(toneless(pinyinProSurnames[char] ?? ''), char), char)

  const compound = new Map<string, string[]>()
  const common = unique(COMMON_COMPOUND_SURNAMES, 'compound surnames in surnames.ts')
  const proCompounds = Object.keys(pinyinProSurnames).filter(
    (k) => Array.from(k).length === 2 && !common.includes(k),
  )
  for (const name of [...common, ...proCompounds]) {
    const reading = pinyinProSurnames[name]
    if (!reading) throw new Error(`pinyin-pro has no reading for the surname ${name}`)
    const key = toneless(reading)
      .split(' ')
      .map((s) => syllable(s, name))
      .join("'")
    push(compound, key, name)
  }

  const sorted = <T>(map: Map<string, T>, join: (v: T) => string | string[]) =>
    Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, join(v)])) as never
  return {
    chars: sorted(chars, (l: string[]) => l.join('')),
    surnames: sorted(surnames, (l: string[]) => l.join('')),
    compound: sorted(compound, (l: string[]) => l),
  }
}

/** JSON with one syllable a line, so a change to the lists shows as a readable diff. */
export function formatTable(table: NameTableJson): string {
  const section = (name: string, map: object) =>
    `  ${JSON.stringify(name)}: {\n${Object.entries(map)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n')}\n  }`
  return `{\n${[
    section('chars', table.chars),
    section('surnames', table.surnames),
    section('compound', table.compound),
  ].join(',\n')}\n}\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TABLE_FILE, formatTable(makeNameTable()))
  console.log(`wrote ${TABLE_FILE}`)
}
