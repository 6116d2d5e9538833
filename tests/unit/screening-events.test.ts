import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Screening, ScreeningBook, type ScreeningDef } from '../../server/screenings/book.js'
import { cancelScreening, editScreening, undoEdit } from '../../server/screenings/edits.js'
import { checkScreening } from '../../server/screenings/input.js'
import { rebuild } from '../../server/screenings/replay.js'
import { signupsOf } from '../../server/screenings/signups.js'
import { Journal } from '../../server/store/journal.js'

const HOUR = 3_600_000
const NOW = Date.parse('2026-11-27T02:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()
const def = (capacity: number, over: Partial<ScreeningDef> = {}): ScreeningDef => ({
  id: 'e',
  title: '免费体检',
  organiser: '社区卫生服务中心',
  start: iso(NOW + 24 * HOUR),
  end: iso(NOW + 26 * HOUR),
  place: '驿站活动室',
  capacity,
  ...over,
})
const book4 = (capacity: number) => {
  const book = new ScreeningBook([def(capacity)])
  for (const i of [1, 2, 3, 4]) book.signUp('e', `h${i}`, `m${i}`, NOW + i)
  return book
}
const lists = (book: ScreeningBook) => {
  const s = book.get('e') as Screening
  return { confirmed: s.confirmed.map((p) => p.phoneMasked), waitlist: s.waitlist.map((p) => p.phoneMasked) }
}

describe('a manager edits an event', () => {
  it('may not lower the capacity below the confirmed places', () => {
    const book = book4(2)
    expect(() => editScreening(book, def(1), NOW)).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_CAPACITY_BELOW_CONFIRMED' }),
    )
    expect(book.get('e')?.def.capacity).toBe(2)
    editScreening(book, def(2, { title: '改名' }), NOW)
    expect(book.get('e')?.def.title).toBe('改名')
  })

  it('gives places a raised capacity frees to the first waiting, and takes it all back on undo', () => {
    const book = book4(1)
    const e = editScreening(book, def(3, { end: iso(NOW + 30 * HOUR) }), NOW)
    expect(e.promoted.map((p) => p.phoneMasked)).toEqual(['m2', 'm3'])
    expect(lists(book)).toEqual({ confirmed: ['m1', 'm2', 'm3'], waitlist: ['m4'] })
    expect(book.get('e')?.end).toBe(NOW + 30 * HOUR)
    undoEdit(book, 'e', e)
    expect(lists(book)).toEqual({ confirmed: ['m1'], waitlist: ['m2', 'm3', 'm4'] })
    expect(book.get('e')?.def).toEqual(def(1))
    expect(book.get('e')?.end).toBe(NOW + 26 * HOUR)
  })

  it('cannot change an event that is over or cancelled; cancelling twice changes nothing', () => {
    const book = book4(1)
    expect(() => editScreening(book, def(1), NOW + 27 * HOUR)).toThrow(/is over/)
    expect(cancelScreening(book, 'e', NOW)).toBe(true)
    expect(cancelScreening(book, 'e', NOW)).toBe(false)
    expect(() => editScreening(book, def(1), NOW)).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_SCREENING_LOCKED' }),
    )
    expect(() => cancelScreening(book, 'nope', NOW)).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_SCREENING_NOT_FOUND' }),
    )
  })

  it('hides a cancelled event from the kiosk; a place given up there promotes nobody', () => {
    const book = book4(1)
    const first = (book.get('e') as Screening).confirmed[0]?.code as string
    cancelScreening(book, 'e', NOW)
    expect(book.upcoming(NOW)).toEqual([])
    expect(book.all()).toHaveLength(1)
    expect(() => book.signUp('e', 'h9', 'm9', NOW)).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_SCREENING_NOT_FOUND' }),
    )
    expect(book.cancel('e', first, 'h1', NOW).promoted).toBeNull()
  })
})

describe('the sign-ups a manager sees', () => {
  it('lists confirmed, then waiting with their place in line, then those given up; names as the contacts have them', () => {
    const book = book4(2)
    const s = book.get('e') as Screening
    book.cancel('e', s.confirmed[0]?.code as string, 'h1', NOW)
    const names: Record<string, string> = { m2: '王芳', m4: '李雷' }
    const code = new Map([...s.confirmed, ...s.waitlist, ...s.withdrawn].map((p) => [p.code, p.phoneMasked]))
    const view = signupsOf(s, (c) => names[code.get(c) as string] ?? null)
    expect(view.map((u) => [u.phoneMasked, u.status, u.position, u.name])).toEqual([
      ['m2', 'confirmed', null, '王芳'],
      ['m3', 'confirmed', null, null],
      ['m4', 'waitlisted', 1, '李雷'],
      ['m1', 'cancelled', null, null],
    ])
    expect(view[0]?.at).toBe(iso(NOW + 2))
  })
})

describe('what a manager sends', () => {
  const body = { ...def(5), id: undefined }
  it('is trimmed and put in UTC, with every problem named', () => {
    const ok = checkScreening({ ...body, title: ' 体检 ', start: '2026-11-28T10:00:00+08:00' }, NOW)
    expect(ok.problems).toEqual([])
    expect(ok.input).toMatchObject({ title: '体检', start: '2026-11-28T02:00:00.000Z' })
    const bad = checkScreening({ ...body, place: ' \n ', organiser: 'a\u0007', end: body.start }, NOW)
    expect(bad.problems.map(([f]) => f)).toEqual(['organiser', 'place', 'end'])
    expect(checkScreening({ ...body, start: iso(NOW - 2 * HOUR), end: iso(NOW) }, NOW).problems).toEqual([
      ['end', 'expected a time still ahead'],
    ])
  })
})

describe('rebuilding from the journal', () => {
  let dir: string
  let journal: Journal
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redstation-screening-replay-'))
    journal = await Journal.open(dir)
  })
  afterEach(async () => {
    await journal.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('seeds config events once, even after sign-ups journaled before events were stored; edits win over the config', async () => {
    // A station that ran before: sign-ups for its config event, and no screening.created.
    const signup = { screeningId: 'e', phoneMasked: 'm', status: 'confirmed' }
    await journal.append('screening.signup', { ...signup, code: '000001', phoneHash: 'h1' })
    await journal.append('screening.signup', {
      ...signup,
      code: '000002',
      phoneHash: 'h2',
      status: 'waitlisted',
    })
    await journal.append('screening.cancel', { screeningId: 'e', code: '000001', status: 'confirmed' })
    await journal.append('screening.promoted', { screeningId: 'e', code: '000002', phoneMasked: 'm' })

    const first = new ScreeningBook()
    expect(await rebuild(first, journal, [def(1)])).toEqual({ signups: 2, seeded: ['e'] })
    const s = first.get('e') as Screening
    expect([s.confirmed.map((p) => p.code), s.waitlist, s.withdrawn.map((p) => p.code)]).toEqual([
      ['000002'],
      [],
      ['000001'],
    ])

    await journal.append('screening.updated', {
      screeningId: 'e',
      ...def(4, { title: '改过' }),
      id: undefined,
      by: 'li',
    })
    await journal.append('screening.created', { screeningId: 'x', ...def(2), id: undefined, by: 'li' })
    await journal.append('screening.cancelled', { screeningId: 'x', by: 'li' })
    const again = new ScreeningBook()
    const r = await rebuild(again, journal, [def(1, { title: '配置又改了' }), def(3, { id: 'new' })])
    expect(r.seeded).toEqual(['new'])
    expect(again.get('e')?.def).toMatchObject({ title: '改过', capacity: 4 })
    expect(again.get('x')?.cancelled).toBe(true)
    expect(
      again
        .all()
        .map((x) => x.def.id)
        .sort(),
    ).toEqual(['e', 'new', 'x'])
  })
})
