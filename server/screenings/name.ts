/** Names in any script (陈小明, Алия, Nguyễn Văn An, 买买提·艾力), with the separators names use. */
export const NAME_MESSAGE = 'expected a name of 1–20 letters (any script), spaces, ·, . or -'

/** The characters allowed before trimming (the schema's check); the length is checked after trimming. */
export const NAME_PATTERN = '^[\\p{L}\\p{M}\\s·.\\-]+$'

const NAME = /^[\p{L}\p{M} ·.-]+$/u

/**
 * The name as it will be kept: trimmed, inner runs of white space (the IME's full-width space included)
 * made one space. null when it is empty or longer than 20 characters once trimmed, or has other characters.
 */
export function normaliseName(raw: string): string | null {
  const name = raw.trim().replace(/\s+/gu, ' ')
  const length = [...name].length
  return length >= 1 && length <= 20 && NAME.test(name) ? name : null
}

/**
 * Whether a name typed again (to cancel without the code) is the one signed up with: the same once
 * normalised, in any letter case and Unicode form (a name typed with combining accents or precomposed).
 */
export function sameName(a: string, b: string): boolean {
  const key = (raw: string) => normaliseName(raw.normalize('NFC'))?.toLocaleLowerCase('und')
  const ka = key(a)
  return ka !== undefined && ka === key(b)
}
