import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { PhoneKeys } from '../../server/privacy/secret.js'
import { type Screening, ScreeningBook, type ScreeningDef } from '../../server/screenings/book.js'
import { CONTACTS_DOC, Contacts } from '../../server/screenings/contacts.js'
import { cancelScreening, editScreening, undoEdit } from '../../server/screenings/edits.js'
import { checkScreening } from '../../server/screenings/input.js'
import { screeningsProjection } from '../../server/screenings/projection.js'
import { Screenings } from '../../server/screenings/service.js'
import { signupsOf } from '../../server/screenings/signups.js'
import { openTestStore } from '../support/store.js'

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
    const names: Record<string, [string, string]> = {
      m2: ['王芳', '13900000002'],
      m3: ['张伟', '13900000003'],
      m4: ['李雷', '13900000004'],
    }
    const code = new Map([...s.confirmed, ...s.waitlist, ...s.withdrawn].map((p) => [p.code, p.phoneMasked]))
    const contactOf = (c: string) => {
      const n = names[code.get(c) as string]
      return n && { screeningId: 'e', code: c, name: n[0], phone: n[1], purgeAfter: '' }
    }
    const view = signupsOf(s, contactOf, new Set(book.toTell(s)))
    expect(view.map((u) => [u.phoneMasked, u.status, u.position, u.name, u.phone, u.tell])).toEqual([
      ['m2', 'confirmed', null, '王芳', '13900000002', null],
      // Issue 10.1: moved up from the waiting list, and not told: someone to call, with the number in full.
      ['m3', 'confirmed', null, '张伟', '13900000003', 'promoted'],
      ['m4', 'waitlisted', 1, '李雷', '13900000004', null],
      ['m1', 'cancelled', null, null, null, null],
    ])
    expect(view[0]?.at).toBe(iso(NOW + 2))
    expect(view[1]?.promotedAt).toBe(iso(NOW))

    const promoted = s.confirmed[1]?.code as string
    expect(book.told('e', promoted, NOW + 5)).not.toBeNull()
    expect(book.told('e', promoted, NOW + 6)).toBeNull() // told once
    expect(book.toTell(s)).toEqual([])
  })

  it('owes everyone still holding a place or waiting a call when the event is called off', () => {
    const book = book4(2)
    const s = book.get('e') as Screening
    book.cancel('e', s.waitlist[1]?.code as string, 'h4', NOW)
    s.cancelled = true
    expect(book.toTell(s).map((p) => p.phoneMasked)).toEqual(['m1', 'm2', 'm3'])
    const view = signupsOf(s, () => undefined, new Set(book.toTell(s)))
    expect(view.map((u) => u.tell)).toEqual(['cancelled', 'cancelled', 'cancelled', null])
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
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redstation-screening-replay-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** A start as the hub makes it: the projection restored from the journal, then the config seeded. */
  async function start(seed: ScreeningDef[]) {
    const store = await openTestStore(dir)
    const screenings = new Screenings(
      {
        store,
        contacts: new Contacts(await store.document(CONTACTS_DOC)),
        clock: systemClock,
        contactDays: 30,
        logError: (err) => {
          throw err
        },
      },
      new PhoneKeys(Buffer.alloc(32, 1)),
    )
    store.project(screeningsProjection(screenings.book))
    await store.replay()
    const seeded = await screenings.seed(seed)
    return { store, book: screenings.book, seeded }
  }
  const hash = (n: number) => String(n).repeat(64)

  it('seeds config events once, even after sign-ups journaled before events were stored; edits win over the config', async () => {
    // A station that ran before: sign-ups for its config event, and no screening.created.
    const store = await openTestStore(dir)
    const signup = { screeningId: 'e', phoneMasked: 'm', status: 'confirmed' as const }
    await store.commit((tx) => {
      tx.append('screening.signup', { ...signup, code: '000001', phoneHash: hash(1) })
      tx.append('screening.signup', { ...signup, code: '000002', phoneHash: hash(2), status: 'waitlisted' })
      tx.append('screening.cancel', { screeningId: 'e', code: '000001', status: 'confirmed' })
      tx.append('screening.promoted', { screeningId: 'e', code: '000002', phoneMasked: 'm' })
    })
    await store.close()

    const first = await start([def(1)])
    expect(first.seeded).toEqual(['e'])
    const s = first.book.get('e') as Screening
    expect([s.confirmed.map((p) => p.code), s.waitlist, s.withdrawn.map((p) => p.code)]).toEqual([
      ['000002'],
      [],
      ['000001'],
    ])
    const { id: _e, ...e4 } = def(4, { title: '改过' })
    const { id: _x, ...x2 } = def(2)
    await first.store.close()
    // A manager's edits, journaled (by a store with no projection: memory is not what is tested here).
    const manager = await openTestStore(dir)
    await manager.commit((tx) => {
      tx.append('screening.updated', { screeningId: 'e', ...e4, by: 'li' })
      tx.append('screening.created', { screeningId: 'x', ...x2, by: 'li' })
      tx.append('screening.cancelled', { screeningId: 'x', by: 'li' })
    })
    await manager.close()

    const again = await start([def(1, { title: '配置又改了' }), def(3, { id: 'new' })])
    expect(again.seeded).toEqual(['new'])
    expect(again.book.get('e')?.def).toMatchObject({ title: '改过', capacity: 4 })
    expect(again.book.get('x')?.cancelled).toBe(true)
    expect(
      again.book
        .all()
        .map((x) => x.def.id)
        .sort(),
    ).toEqual(['e', 'new', 'x'])
    await again.store.close()
  })
})
