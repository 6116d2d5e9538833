import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import type { ScreeningConfig } from '../../server/config/schema.js'
import { type Screening, ScreeningBook } from '../../server/screenings/book.js'
import { CONTACTS_DOC, Contacts } from '../../server/screenings/contacts.js'
import { sameName } from '../../server/screenings/name.js'
import { schedulePurge } from '../../server/screenings/purge.js'
import { openTestStore } from '../support/store.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = Date.parse('2026-11-27T02:00:00Z')

const event = (id: string, capacity: number, startInMs = DAY): ScreeningConfig => ({
  id,
  title: '免费体检',
  organiser: '社区卫生服务中心',
  start: new Date(NOW + startInMs).toISOString(),
  end: new Date(NOW + startInMs + 2 * HOUR).toISOString(),
  place: '驿站活动室',
  capacity,
})

const phone = (i: number) => `h${i}`

/** Three sign-ups by phones h1, h2, h3: their codes. */
function threeSignUps(book: ScreeningBook): [string, string, string] {
  return [1, 2, 3].map((i) => book.signUp('e', phone(i), `m${i}`, NOW).place.code) as [string, string, string]
}
const lists = (book: ScreeningBook) => {
  const s = book.get('e') as Screening
  return { confirmed: s.confirmed.map((p) => p.code), waitlist: s.waitlist.map((p) => p.code) }
}

describe('places and the waiting list', () => {
  it('confirms up to capacity, then waitlists in order', () => {
    const book = new ScreeningBook([event('e', 2)])
    const r = [1, 2, 3, 4].map((i) => book.signUp('e', phone(i), `m${i}`, NOW))
    expect(r.map((x) => x.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted'])
    expect(r.map((x) => (x.status === 'waitlisted' ? x.position : 0))).toEqual([0, 0, 1, 2])
    expect(new Set(r.map((x) => x.place.code)).size).toBe(4)
    for (const x of r) expect(x.place.code).toMatch(/^\d{6}$/)
  })

  it('never gives a code twice in one event, even a cancelled one', () => {
    const codes = ['111111', '111111', '222222', '111111', '222222', '333333']
    const book = new ScreeningBook([event('e', 5)], () => codes.shift() as string)
    const a = book.signUp('e', phone(1), 'm', NOW)
    book.cancel('e', a.place.code, phone(1), NOW)
    expect(book.signUp('e', phone(2), 'm', NOW).place.code).toBe('222222')
    expect(book.signUp('e', phone(3), 'm', NOW).place.code).toBe('333333')
  })

  it('refuses a second place for the same phone, unknown events and events already started', () => {
    const book = new ScreeningBook([event('e', 1), event('started', 5, -HOUR)])
    book.signUp('e', phone(1), 'm', NOW)
    book.signUp('e', phone(2), 'm', NOW)
    expect(() => book.signUp('e', phone(2), 'm', NOW)).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_ALREADY_SIGNED_UP' }),
    )
    expect(() => book.signUp('nope', phone(3), 'm', NOW)).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_SCREENING_NOT_FOUND' }),
    )
    expect(() => book.signUp('started', phone(3), 'm', NOW)).toThrow(
      expect.objectContaining({ code: 'HUB_ERR_SCREENING_CLOSED' }),
    )
  })

  it('gives a cancelled confirmed place to the first waiting; the others move up', () => {
    const book = new ScreeningBook([event('e', 1)])
    const [a, b, c] = threeSignUps(book)
    expect(book.cancel('e', a, phone(1), NOW).promoted?.code).toBe(b)
    expect(lists(book)).toEqual({ confirmed: [b], waitlist: [c] })
    // A waiting place given up promotes nobody.
    expect(book.cancel('e', c, phone(3), NOW).promoted).toBeNull()
  })

  it('answers a wrong phone exactly like a wrong code', () => {
    const book = new ScreeningBook([event('e', 1)])
    const [a] = threeSignUps(book)
    const wrongPhone = () => book.cancel('e', a, phone(2), NOW)
    const wrongCode = () => book.cancel('e', '000000', phone(1), NOW)
    expect(wrongPhone).toThrow(expect.objectContaining({ code: 'HUB_ERR_SIGNUP_NOT_FOUND' }))
    expect(wrongCode).toThrow(expect.objectContaining({ code: 'HUB_ERR_SIGNUP_NOT_FOUND' }))
    expect(lists(book).confirmed).toEqual([a])
  })

  it('takes back a sign-up or a cancellation that could not be made durable', () => {
    const book = new ScreeningBook([event('e', 1)])
    const [a, b, c] = threeSignUps(book)
    book.undoCancel('e', book.cancel('e', a, phone(1), NOW))
    expect(lists(book)).toEqual({ confirmed: [a], waitlist: [b, c] })
    // Sign-ups are taken back newest first (store/commit.ts): nobody waiting is moved up by it.
    book.undoSignUp('e', c)
    book.undoSignUp('e', b)
    expect(lists(book)).toEqual({ confirmed: [a], waitlist: [] })
  })

  it('gives free places to those waiting when the capacity was raised', () => {
    const small = new ScreeningBook([event('e', 1)])
    const r = [1, 2, 3].map((i) => small.signUp('e', phone(i), `m${i}`, NOW))
    const big = new ScreeningBook([event('e', 2)])
    for (const x of r) big.replaySignUp('e', x.place, x.status)
    expect(big.fillFreePlaces('e').map((p) => p.code)).toEqual([r[1]?.place.code])
    expect(lists(big).waitlist).toHaveLength(1)
  })
})

describe('the contact purge', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redstation-contacts-'))
    vi.useFakeTimers()
    vi.setSystemTime(NOW)
  })
  afterEach(async () => {
    vi.useRealTimers()
    await rm(dir, { recursive: true, force: true })
  })

  it('runs at start and every hour, deleting contacts past their purgeAfter and keeping the rest', async () => {
    const store = await openTestStore(dir)
    const contacts = new Contacts(await store.document(CONTACTS_DOC))
    const contact = (code: string, purgeAfter: number) => ({
      screeningId: 'e',
      code,
      name: '陈小明',
      phone: '13812341234',
      purgeAfter: new Date(purgeAfter).toISOString(),
    })
    contacts.put(contact('000001', NOW - 1))
    contacts.put(contact('000002', NOW + 90 * 60_000))
    contacts.put(contact('000003', NOW + 30 * DAY))
    await contacts.doc.write()
    const deleted: number[] = []
    const purger = schedulePurge(() => contacts.purge(Date.now()), systemClock, {
      deleted: (n) => deleted.push(n),
      failed: (err) => {
        throw err
      },
    })
    await purger.idle()
    expect(deleted).toEqual([1])
    await vi.advanceTimersByTimeAsync(HOUR)
    await purger.idle()
    expect(contacts.size).toBe(2) // 90 minutes not yet up
    await vi.advanceTimersByTimeAsync(HOUR)
    await purger.idle()
    expect(deleted).toEqual([1, 1])
    await purger.stop()
    const onDisk = JSON.parse(await readFile(join(dir, 'private', 'contacts.json'), 'utf8'))
    expect(Object.keys(onDisk.contacts)).toEqual(['e/000003'])
    await vi.advanceTimersByTimeAsync(40 * DAY)
    expect(deleted).toEqual([1, 1]) // stopped
    await store.close()
  })
})

describe('the name a lost code is cancelled with', () => {
  it('matches the name signed up with in any spacing, letter case or Unicode form, and nothing else', () => {
    expect(sameName('陈小明', ' 陈小明 ')).toBe(true)
    expect(sameName('Nguyễn Văn An', 'nguyễn  văn AN')).toBe(true)
    // é typed as e and a combining accent is the same name as the precomposed é.
    expect(sameName('José', 'Jose\u0301')).toBe(true)
    expect(sameName('陈小明', '陈晓明')).toBe(false)
    expect(sameName('陈小明', '')).toBe(false)
    expect(sameName('', '')).toBe(false)
  })
})
