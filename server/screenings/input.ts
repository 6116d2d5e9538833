import type { Static } from 'typebox'
import type { Problem } from '../http/validation.js'
import type { ScreeningBody } from './manage-schemas.js'

export type ScreeningInput = Static<typeof ScreeningBody>

const LIMITS = { title: 60, organiser: 60, place: 80 } as const
// Line breaks and other control characters have no place in a one-line label on the kiosk.
const CONTROL = /\p{Cc}/u

/**
 * What the schema cannot say about an event a manager gives: text trimmed and not blank, end after start
 * and still ahead (an event already over would be pointless to create or edit). Times are kept in UTC.
 * `input` is to be used only when `problems` is empty.
 */
export function checkScreening(
  body: ScreeningInput,
  now: number,
): { input: ScreeningInput; problems: Problem[] } {
  const problems: Problem[] = []
  const input = { ...body, start: new Date(body.start).toISOString(), end: new Date(body.end).toISOString() }
  for (const field of ['title', 'organiser', 'place'] as const) {
    input[field] = body[field].trim()
    if (input[field].length === 0 || CONTROL.test(input[field]))
      problems.push([field, `expected 1–${LIMITS[field]} characters, not blank, on one line`])
  }
  if (body.en) {
    const en: NonNullable<ScreeningInput['en']> = { title: body.en.title.trim() }
    for (const field of ['organiser', 'place'] as const) {
      const text = body.en[field]?.trim()
      if (text) en[field] = text
    }
    for (const field of ['title', 'organiser', 'place'] as const)
      if (en[field] !== undefined && (en[field].length === 0 || CONTROL.test(en[field])))
        problems.push([`en.${field}`, 'expected text, not blank, on one line'])
    input.en = en
  }
  const start = Date.parse(input.start)
  const end = Date.parse(input.end)
  if (end <= start) problems.push(['end', 'expected a time after start'])
  else if (end <= now) problems.push(['end', 'expected a time still ahead'])
  return { input, problems }
}
