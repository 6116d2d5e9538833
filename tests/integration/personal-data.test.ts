import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LogController } from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { resolveConfig } from '../../server/config/load.js'
import { buildHub } from '../../server/hub.js'
import { getJson, loginAs, startTestHub } from '../support/hub.js'

const at = (ms: number) => new Date(Date.now() + ms).toISOString()
const settings = {
  kiosk: { rateLimitPerMin: 10_000 },
  screenings: [
    {
      id: 'e',
      title: '体检',
      organiser: '医院',
      start: at(86_400_000),
      end: at(90_000_000),
      place: '室',
      capacity: 1,
    },
  ],
}
const PHONES = ['13512345678', '15987654321', '18611112222']
const NAMES = ['欧阳娜娜', 'Ayşe Yılmaz']
/** An 11-digit mobile number standing alone (not inside a longer number such as a millisecond time). */
const ANY_PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function send(url: string, method: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** The kiosk's whole repertoire, errors included, with the phones and names above. */
async function flow(url: string) {
  const [a, b, c] = PHONES as [string, string, string]
  await send(url, 'POST', '/api/checkins/lookup', { phone: a })
  expect(
    (await send(url, 'POST', '/api/checkins', { phone: a, platform: 'meituan', purposes: ['rest'] })).status,
  ).toBe(201)
  expect(
    (await send(url, 'POST', '/api/checkins', { phone: a, platform: 'meituan', purposes: ['rest'] })).status,
  ).toBe(200)
  expect(
    (await send(url, 'POST', '/api/checkins', { phone: b, platform: 'eleme', purposes: ['meal'] })).status,
  ).toBe(201)
  const first = await send(url, 'POST', '/api/screenings/e/signups', {
    name: NAMES[0],
    phone: a,
    consent: true,
  })
  const second = await send(url, 'POST', '/api/screenings/e/signups', {
    name: NAMES[1],
    phone: b,
    consent: true,
  })
  expect([first.body.status, second.body.status]).toEqual(['confirmed', 'waitlisted'])
  expect(
    (await send(url, 'POST', '/api/screenings/e/signups', { name: NAMES[0], phone: a, consent: true }))
      .status,
  ).toBe(409)
  expect((await send(url, 'POST', '/api/screenings/e/signups', { name: NAMES[0], phone: c })).status).toBe(
    400,
  )
  expect(
    (await send(url, 'DELETE', `/api/screenings/e/signups/${first.body.code}`, { phone: c })).status,
  ).toBe(404)
  // A lost code: a wrong name, and a name that is no name (its 400 must not repeat it).
  expect(
    (await send(url, 'POST', '/api/screenings/e/cancellations', { phone: b, name: NAMES[0] })).status,
  ).toBe(404)
  expect(
    (await send(url, 'POST', '/api/screenings/e/cancellations', { phone: b, name: `${NAMES[1]}1` })).status,
  ).toBe(400)
  expect((await send(url, 'POST', '/api/help', { reason: 'unwell', phone: c })).status).toBe(201)
  expect(
    (await send(url, 'POST', '/api/checkins', { phone: `${c}0`, platform: 'x', purposes: [] })).status,
  ).toBe(400)
  return { firstCode: first.body.code as string }
}

describe('personal data', () => {
  it('survives a restart as hashes: visits and sign-ups are rebuilt from the journal', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'redstation-personal-'))
    dirs.push(dataDir)
    const one = await startTestHub(settings, { dataDir })
    const { firstCode } = await flow(one.url)
    await one.close()

    const two = await startTestHub(settings, { dataDir })
    try {
      const [a, b] = PHONES as [string, string]
      expect((await send(two.url, 'POST', '/api/checkins/lookup', { phone: a })).body).toEqual({
        known: true,
        platform: 'meituan',
        purposes: ['rest'],
        visitsThisMonth: 1,
        repeat: true,
      })
      expect(
        (
          await getJson<{ total: number }>(
            `${two.url}/api/checkins/stats?period=month`,
            await loginAs(two, 'staff'),
          )
        ).body.total,
      ).toBe(2)
      const again = await send(two.url, 'POST', '/api/checkins', {
        phone: b,
        platform: 'eleme',
        purposes: ['meal'],
      })
      expect(again).toMatchObject({
        status: 200,
        body: { visit: { repeat: true, phoneMasked: '159****4321' } },
      })
      const list = await getJson<{ screenings: unknown[] }>(`${two.url}/api/screenings`)
      expect(list.body.screenings[0]).toMatchObject({ id: 'e', seatsLeft: 0, waitlist: 1 })
      expect(
        (await send(two.url, 'POST', '/api/screenings/e/signups', { name: 'x', phone: a, consent: true }))
          .status,
      ).toBe(409)
      expect(await send(two.url, 'DELETE', `/api/screenings/e/signups/${firstCode}`, { phone: a })).toEqual({
        status: 200,
        body: { cancelled: true, promoted: true },
      })
    } finally {
      await two.close()
    }

    // The journal (bound for the central service) holds hashes and masked numbers, never a number or a name.
    const journalDir = join(dataDir, 'journal')
    let journal = ''
    for (const f of await readdir(journalDir)) journal += await readFile(join(journalDir, f), 'utf8')
    expect(journal).toContain('"type":"checkin"')
    expect(journal).toContain('"type":"screening.promoted"')
    expect(journal).toContain('135****5678')
    expect(journal).not.toMatch(ANY_PHONE)
    for (const name of NAMES) expect(journal).not.toContain(name)
    // Nor does any other file outside private/.
    for (const file of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
      const path = join(file.parentPath, file.name)
      if (!file.isFile() || path.startsWith(join(dataDir, 'private'))) continue
      const text = await readFile(path, 'utf8')
      expect(text, path).not.toMatch(ANY_PHONE)
      for (const name of NAMES) expect(text, path).not.toContain(name)
    }

    // Names and numbers live only in the contacts file, in a folder closed to other accounts; the key is 0600.
    const contacts = await readFile(join(dataDir, 'private', 'contacts.json'), 'utf8')
    expect(contacts).toContain(NAMES[1])
    expect(contacts).not.toContain(NAMES[0]) // cancelled: deleted with the sign-up
    expect((await stat(join(dataDir, 'private'))).mode & 0o777).toBe(0o700)
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600)
  })

  it('never writes a full phone number to the log, even at debug level', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'redstation-logs-'))
    dirs.push(dataDir)
    const lines: string[] = []
    const stream = { write: (line: string) => void lines.push(line) }
    const config = resolveConfig(
      {
        ...settings,
        station: { id: 'test', name: '测试驿站' },
        mqtt: { embedded: { host: '127.0.0.1', port: 0 } },
        store: { dataDir },
      },
      'test',
    )
    // Request logging on as well (the hub turns it off): no URL may carry a number either.
    const hub = await buildHub(
      { config, clock: systemClock },
      {
        logger: { level: 'debug', stream },
        logController: new LogController({ disableRequestLogging: false }),
      },
    )
    await hub.listen({ host: '127.0.0.1', port: 0 })
    try {
      await flow(`http://127.0.0.1:${(hub.server.address() as { port: number }).port}`)
    } finally {
      await hub.close()
    }
    const log = lines.join('')
    expect(log).toContain('check-ins restored') // the capture works
    expect(log).toContain('/api/screenings/e/signups') // and has the requests
    expect(log).not.toMatch(ANY_PHONE)
    for (const p of PHONES) expect(log).not.toContain(p)
    for (const name of NAMES) expect(log).not.toContain(name)
    const secret = (await readFile(join(dataDir, 'secret.key'), 'utf8')).trim()
    expect(log).not.toContain(secret)
  })
})
