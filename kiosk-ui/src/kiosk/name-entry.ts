/**
 * A name being typed on the kiosk's keyboard, and whether it may go on. Kept apart from the keyboard (which
 * loads later, with its table) so the sign-up screen can check and show the name without it.
 */

export type KeyboardMode = 'pinyin' | 'latin'

export interface NameChar {
  char: string
  /** The syllable it was picked for: backspace turns it back into these letters. None for a typed letter. */
  pinyin?: string
}

export interface NameEntry {
  mode: KeyboardMode
  chars: readonly NameChar[]
  /** Letters typed in pinyin mode and not picked yet, as typed (apostrophes too). */
  pending: string
  /** The pending letters as the field shows them: cut into syllables (xiao'ming), ü for v. */
  pendingShown: string
  /** How many of the last chars were picked from the pending letters: backspace takes these back first. */
  picking: number
}

/**
 * Why the name cannot go on: `empty`; `pending`, pinyin not picked yet; `mixed`, Latin letters in a Chinese
 * name; `shape`, a middle dot or a space out of place.
 */
export type NameProblem = 'empty' | 'pending' | 'mixed' | 'shape'

export const emptyEntry = (mode: KeyboardMode): NameEntry => ({
  mode,
  chars: [],
  pending: '',
  pendingShown: '',
  picking: 0,
})

export const nameText = (entry: NameEntry): string => entry.chars.map((c) => c.char).join('')

export const isEmpty = (entry: NameEntry): boolean => entry.chars.length === 0 && entry.pending === ''

const HAN = /\p{Script=Han}/u
/** Characters, with a middle dot between the parts of a transcribed name (买买提·艾力). */
const CHINESE_NAME = /^\p{Script=Han}+(·\p{Script=Han}+)*$/u
/** Letters, words one space apart. */
const LATIN_NAME = /^[A-Za-z]+( [A-Za-z]+)*$/

export function nameProblem(entry: NameEntry): NameProblem | null {
  if (entry.pending !== '') return 'pending'
  const text = nameText(entry).trim()
  if (text === '') return 'empty'
  if (HAN.test(text)) {
    if (/[A-Za-z]/.test(text)) return 'mixed'
    return CHINESE_NAME.test(text) ? null : 'shape'
  }
  return LATIN_NAME.test(text) ? null : 'shape'
}
