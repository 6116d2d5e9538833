import type { Static } from 'typebox'
import type { Problem } from '../kiosk/validation.js'
import type { NoticeInput } from './board.js'
import type { NoticeBody } from './schemas.js'

// Line breaks belong in a notice's body, not in its headline; other control characters in neither.
const TITLE_BAD = /\p{Cc}/u
const BODY_BAD = /[^\P{Cc}\n\t]/u

/**
 * What the schema cannot say about a notice a manager gives: a title not blank once trimmed, and no control
 * characters. Text is trimmed (the body's line breaks, \r\n made \n, are kept); `until` is kept in UTC.
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
  if (notice.title.length === 0 || TITLE_BAD.test(notice.title))
    problems.push(['title', 'expected 1–60 characters, not blank, on one line'])
  if (BODY_BAD.test(notice.body)) problems.push(['body', 'expected text without control characters'])
  if (notice.en && (notice.en.title.length === 0 || TITLE_BAD.test(notice.en.title)))
    problems.push(['en.title', 'expected 1–80 characters, not blank, on one line'])
  if (notice.en?.body && BODY_BAD.test(notice.en.body))
    problems.push(['en.body', 'expected text without control characters'])
  return { notice, problems }
}
