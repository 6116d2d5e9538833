import type { Static } from 'typebox'
import type { Problem } from '../http/validation.js'
import type { NoticeInput } from './board.js'
import type { NoticeBody } from './schemas.js'

// Line breaks belong in a notice's body, not in its headline; other control characters in neither.
const TITLE_BAD = /\p{Cc}/u
const BODY_BAD = /[^\P{Cc}\n\t]/u
// What shows as nothing: white space, format characters (zero-width space, joiners, BOM, word joiner) and
// the fillers and blanks that fonts draw empty (Hangul fillers, Braille blank).
const INVISIBLE = /[\s\p{Cf}\p{Cc}\u115f\u1160\u3164\uffa0\u2800]/gu
// Explicit direction embeddings, overrides and isolates (Unicode UAX #9, §2.1–2.2): with them a text can
// show its characters in another order than they are stored, e.g. a file name or a phone number reversed.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u
const NO_BIDI = 'expected text without direction overrides (U+202A–U+202E, U+2066–U+2069)'

const blank = (text: string) => text.replace(INVISIBLE, '') === ''

/**
 * What the schema cannot say about a notice a manager gives: a title with something visible in it, no
 * control characters, no direction overrides. Text is trimmed (the body's line breaks, \r\n made \n, are kept); `until` is kept in UTC.
 * `notice` is to be used only when `problems` is empty.
 */
export function checkNotice(b: Static<typeof NoticeBody>): { notice: NoticeInput; problems: Problem[] } {
  const notice: NoticeInput = {
    category: b.category,
    title: b.title.trim(),
    body: b.body.replace(/\r\n?/g, '\n').trim(),
    until: b.until ? new Date(b.until).toISOString() : null,
  }
  if (b.en) {
    const body = b.en.body?.replace(/\r\n?/g, '\n').trim()
    notice.en = { title: b.en.title.trim(), ...(body ? { body } : {}) }
  }
  const problems: Problem[] = []
  if (blank(notice.title) || TITLE_BAD.test(notice.title))
    problems.push(['title', 'expected 1–60 characters, not blank, on one line'])
  else if (BIDI_CONTROL.test(notice.title)) problems.push(['title', NO_BIDI])
  if (BODY_BAD.test(notice.body)) problems.push(['body', 'expected text without control characters'])
  else if (BIDI_CONTROL.test(notice.body)) problems.push(['body', NO_BIDI])
  if (notice.en && (notice.en.title.length === 0 || TITLE_BAD.test(notice.en.title)))
    problems.push(['en.title', 'expected 1–80 characters, not blank, on one line'])
  if (notice.en?.body && BODY_BAD.test(notice.en.body))
    problems.push(['en.body', 'expected text without control characters'])
  return { notice, problems }
}
