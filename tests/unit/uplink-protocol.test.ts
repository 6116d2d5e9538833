import { describe, expect, it } from 'vitest'
import { planOf } from '../../server/central/ingest/plan.js'
import { isDay, periodDays } from '../../server/central/periods.js'
import {
  centralSubscriptions,
  classifyEvent,
  decodeBatch,
  decodeCommand,
  type EventBatch,
  type EventType,
  MAX_BATCH_EVENTS,
  MAX_PAYLOAD_BYTES,
  type Outgoing,
  packBatch,
  parseTopic,
  peekCommandId,
  stationDay,
  type UplinkEvent,
} from '../../server/uplink/protocol.js'

const event = (
  seq: number,
  type = 'help',
  data: Record<string, unknown> = { day: '2026-11-27', reason: 'unwell' },
) => ({ seq, at: '2026-11-27T08:00:00.000Z', type, v: 1, data }) satisfies UplinkEvent

const batch = (over: Partial<EventBatch> = {}): EventBatch => ({
  v: 1,
  session: 's1',
  from: 1,
  to: 3,
  head: 3,
  events: [event(1), event(3)],
  ...over,
})

describe('uplink topics', () => {
  it('names the station and the kind, and refuses anything else', () => {
    expect(parseTopic('redstation/st-1/up/events')).toEqual({ stationId: 'st-1', dir: 'up', kind: 'events' })
    expect(parseTopic('redstation/st-1/down/ack')).toEqual({ stationId: 'st-1', dir: 'down', kind: 'ack' })
    for (const bad of [
      'redstation/st-1/up/other',
      'redstation/ST_1/up/events',
      'redstation/st-1/up/events/x',
      'zigbee2mqtt/st-1/up/events',
      'redstation/+/up/events',
    ])
      expect(parseTopic(bad), bad).toBeNull()
  })

  it('shares births and batches between instances, but takes the retained state in every instance', () => {
    expect(centralSubscriptions('central')).toEqual({
      shared: ['$share/central/redstation/+/up/birth', '$share/central/redstation/+/up/events'],
      own: ['redstation/+/up/state'],
    })
    expect(centralSubscriptions(null).shared).toEqual(['redstation/+/up/birth', 'redstation/+/up/events'])
  })
})

describe('decodeBatch', () => {
  it('takes a batch that covers seqs it does not carry (private entries)', () => {
    expect(decodeBatch(JSON.stringify(batch()))).toMatchObject({ ok: true })
  })

  it('names what is wrong, without repeating values', () => {
    const errors = [
      [JSON.stringify(batch({ from: 4, to: 3 })), 'from is after to'],
      [JSON.stringify(batch({ events: [event(3), event(2)] })), 'events.1.seq is not increasing'],
      [JSON.stringify(batch({ events: [event(4)] })), 'events.0.seq is not increasing within from..to'],
      [JSON.stringify({ ...batch(), v: 2 }), 'protocol version 2, this side speaks 1'],
      [JSON.stringify({ ...batch(), session: undefined }), 'required'],
      [JSON.stringify({ ...batch(), extra: 1 }), '(extra)'],
      ['{not json', 'not JSON'],
      ['x'.repeat(MAX_PAYLOAD_BYTES + 1), 'larger than'],
    ] as const
    for (const [payload, message] of errors) {
      const d = decodeBatch(payload)
      expect(d.ok, message).toBe(false)
      if (!d.ok) expect(d.error).toContain(message)
    }
  })
})

describe('classifyEvent', () => {
  it('reads known types of its version, and keeps the rest unread without misreading them', () => {
    expect(classifyEvent(event(1))).toEqual({ kind: 'ok', type: 'help' })
    expect(classifyEvent(event(1, 'locker.open'))).toEqual({ kind: 'unknown-type' })
    expect(classifyEvent({ ...event(1), v: 2 })).toEqual({ kind: 'newer-version', known: 1 })
    const phone = classifyEvent(
      event(1, 'checkin', {
        day: '2026-11-27',
        platform: 'sf',
        purposes: [],
        returning: false,
        phone: '13800000000',
      }),
    )
    expect(phone).toMatchObject({ kind: 'invalid' })
    expect(JSON.stringify(phone)).not.toContain('13800000000')
  })
})

describe('packBatch', () => {
  const entries = (n: number, privateEvery = 0): Outgoing[] =>
    Array.from({ length: n }, (_, i) => ({
      seq: i + 1,
      event: privateEvery && (i + 1) % privateEvery === 0 ? null : event(i + 1),
    }))

  it('covers private entries, the trailing ones included', () => {
    const b = packBatch('s', 10, entries(6, 3)) as EventBatch
    expect(b).toMatchObject({ from: 1, to: 6, head: 10 })
    expect(b.events.map((e) => e.seq)).toEqual([1, 2, 4, 5])
  })

  it(`stops at ${MAX_BATCH_EVENTS} events and before a hole`, () => {
    expect(packBatch('s', 900, entries(900))?.to).toBe(MAX_BATCH_EVENTS)
    const holed = [...entries(3), { seq: 7, event: event(7) }]
    expect(packBatch('s', 7, holed)?.to).toBe(3)
    expect(packBatch('s', 0, [])).toBeNull()
  })
})

describe('decodeCommand', () => {
  const command = { v: 1, id: 'c-1', type: 'alert.acknowledge', cv: 1, at: '2026-11-27T08:00:00Z' }
  it('checks the command type, its version and its data', () => {
    const data = { alertId: 'a-1', by: 'district', note: null }
    expect(decodeCommand(JSON.stringify({ ...command, data }))).toMatchObject({ ok: true })
    expect(decodeCommand(JSON.stringify({ ...command, cv: 2, data }))).toMatchObject({ ok: false })
    expect(decodeCommand(JSON.stringify({ ...command, data: { alertId: 'a-1' } }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('required'),
    })
  })

  it('knows notice.publish with a category and screening.publish (a job fair)', () => {
    const notice = { noticeId: 'd-n-1', title: '春风行动', body: '招聘会', from: null, until: '2026-12-31' }
    const c = { ...command, type: 'notice.publish' }
    expect(decodeCommand(JSON.stringify({ ...c, data: { ...notice, category: 'jobs' } }))).toMatchObject({
      ok: true,
    })
    expect(decodeCommand(JSON.stringify({ ...c, data: { ...notice, category: 'x' } }))).toMatchObject({
      ok: false,
    })
    const fair = {
      screeningId: 'd-s-1',
      kind: 'job-fair',
      title: '春风行动招聘会',
      organiser: '东城区人社局',
      place: '驿站门前',
      start: '2026-12-10T01:00:00Z',
      end: '2026-12-10T05:00:00Z',
      capacity: 40,
    }
    const s = { ...command, type: 'screening.publish' }
    expect(decodeCommand(JSON.stringify({ ...s, data: fair }))).toMatchObject({ ok: true })
    expect(decodeCommand(JSON.stringify({ ...s, data: { ...fair, capacity: 0 } }))).toMatchObject({
      ok: false,
    })
  })

  it('finds the id of a command it cannot read, so the station can still answer it', () => {
    expect(peekCommandId(JSON.stringify({ ...command, type: 'lockers.open', data: {} }))).toBe('c-1')
    expect(peekCommandId('not json')).toBeNull()
    expect(peekCommandId(JSON.stringify({ id: 'a/b' }))).toBeNull()
  })
})

describe('station time', () => {
  it('tells the day in the station zone, not the machine zone', () => {
    const ms = Date.parse('2026-11-27T17:30:00Z') // 01:30 on the 28th in Shanghai
    expect(stationDay(ms, 'Asia/Shanghai')).toBe('2026-11-28')
    expect(stationDay(ms, 'UTC')).toBe('2026-11-27')
  })

  it('counts weeks from Monday and months to their last day', () => {
    expect(periodDays('week', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' }) // a Sunday
    expect(periodDays('week', '2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-29' })
    expect(periodDays('month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(periodDays('day', '2026-11-27')).toEqual({ from: '2026-11-27', to: '2026-11-27' })
    expect(isDay('2026-02-30')).toBe(false)
  })
})

describe('planOf', () => {
  it('adds counts up per day and keeps only the last state of each thing', () => {
    const ev = (seq: number, type: EventType, data: Record<string, unknown>) => ({
      ...event(seq, type, data),
      type,
    })
    const device = (seq: number, temperature: number) =>
      ev(seq, 'device.state', {
        deviceId: 'fridge',
        kind: 'temperature',
        name: 'F',
        online: true,
        lastSeen: null,
        reading: { temperature },
        battery: null,
      })
    const plan = planOf([
      ev(1, 'checkin', {
        day: '2026-11-27',
        platform: 'sf',
        purposes: ['rest', 'rest', 'water'],
        returning: true,
      }),
      ev(2, 'checkin', { day: '2026-11-27', platform: 'sf', purposes: ['rest'], returning: false }),
      device(3, 4),
      device(4, 9),
    ])
    const count = (metric: string, key = '') =>
      plan.counts.find((c) => c.metric === metric && c.key === key)?.n
    expect(count('checkin')).toBe(2)
    expect(count('checkin.returning')).toBe(1)
    expect(count('checkin.platform', 'sf')).toBe(2)
    expect(count('checkin.purpose', 'rest')).toBe(2) // once per check-in, however often listed
    expect(plan.devices).toEqual([expect.objectContaining({ seq: 4, reading: { temperature: 9 } })])
  })
})
