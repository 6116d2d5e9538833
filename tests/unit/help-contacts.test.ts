// The help number's keeping time on the injected clock (fake timers): while the alert is open it stays,
// once resolved it goes privacy.helpContactMinutes later, and a restart deletes what is overdue.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { HELP_CONTACTS_DOC, HelpContacts } from '../../server/help/contacts.js'
import { openTestStore } from '../support/store.js'

const MIN = 60_000
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redstation-helpc-'))
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(Date.parse('2026-11-27T02:00:00Z'))
})
afterEach(async () => {
  vi.useRealTimers()
  await rm(dir, { recursive: true, force: true })
})

async function open(keepMin: number) {
  const store = await openTestStore(dir)
  const deleted: number[] = []
  const contacts = new HelpContacts(await store.document(HELP_CONTACTS_DOC), {
    clock: systemClock,
    keepMs: keepMin * MIN,
    log: { info: (n) => deleted.push(n), error: (err) => Promise.reject(err) },
  })
  return { store, contacts, deleted }
}

const onDisk = async () => readFile(join(dir, 'private', 'help-contacts.json'), 'utf8').catch(() => '')

describe('help numbers on the clock', () => {
  it('keeps a number while its alert is open, and 30 minutes after it is resolved, then deletes it', async () => {
    const { store, contacts, deleted } = await open(30)
    contacts.put('h1', '13812341234', new Date().toISOString())
    await contacts.doc.write()
    await vi.advanceTimersByTimeAsync(24 * 60 * MIN)
    expect(contacts.phoneOf('h1')).toBe('13812341234')

    await contacts.closed('h1', Date.now())
    await vi.advanceTimersByTimeAsync(29 * MIN)
    expect(contacts.phoneOf('h1')).toBe('13812341234')
    await vi.advanceTimersByTimeAsync(MIN)
    expect(contacts.phoneOf('h1')).toBeNull()
    await contacts.idle()
    expect(deleted).toEqual([1])
    expect(await onDisk()).not.toContain('13812341234')
    await contacts.stop()
    await store.close()
  })

  it('after a restart, counts an alert no longer open as resolved then, and deletes what is overdue', async () => {
    const first = await open(30)
    first.contacts.put('open', '13800000001', new Date().toISOString())
    first.contacts.put('gone', '13800000002', new Date().toISOString())
    first.contacts.put('old', '13800000003', new Date().toISOString())
    await first.contacts.closed('old', Date.now() - 31 * MIN)
    await first.contacts.stop()
    await first.store.close()

    const { store, contacts } = await open(30)
    await contacts.settle(new Set(['open']))
    expect(contacts.phoneOf('old')).toBeNull()
    expect(contacts.phoneOf('gone')).toBe('13800000002')
    await vi.advanceTimersByTimeAsync(30 * MIN)
    expect(contacts.phoneOf('gone')).toBeNull()
    await contacts.idle()
    expect(contacts.phoneOf('open')).toBe('13800000001')
    expect(await onDisk()).toContain('13800000001')
    expect(await onDisk()).not.toContain('13800000002')
    await contacts.stop()
    await store.close()
  })
})
