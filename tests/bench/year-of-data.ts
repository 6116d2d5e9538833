/**
 * A station's year, written into a data folder through the store as the hub writes it (the same typed
 * journal events, over 365 days of the station's clock): by default 100,000 check-ins, 2,000 screening
 * sign-ups and 500,000 other events (devices coming and going, alerts raised and cleared, take-outs,
 * restocks, notices, device states). The start-time and store-write benchmarks read it.
 */
import { createHash } from 'node:crypto'
import type { Clock } from '../../server/clock.js'
import { systemClock } from '../../server/clock.js'
import type { EventData, EventType } from '../../server/store/event-map.js'
import { Store } from '../../server/store/store.js'
import { StationTime } from '../../server/time/station-time.js'

export interface Year {
  checkins: number
  signups: number
  other: number
}

export const YEAR: Year = { checkins: 100_000, signups: 2_000, other: 500_000 }

const DAY = 86_400_000
const PLATFORMS = ['meituan', 'eleme', 'sf', 'jd', 'shansong', 'dada', 'other']
const PURPOSES = ['rest', 'meal', 'water', 'charge', 'medicine', 'restroom']
const quiet = { info() {}, warn() {}, error() {} }

const hash = (s: string) => createHash('sha256').update(s).digest('hex')

/** Every event of the year, in time order, with its instant. */
function* events(y: Year, start: number, days: number): Generator<[number, EventType, unknown]> {
  const total = y.checkins + y.signups + y.other
  const step = (days * DAY) / total
  const screenings = 52
  let c = 0
  let s = 0
  let o = 0
  for (let i = 0; i < total; i++) {
    const at = start + i * step
    // Interleaved in proportion, as a real year is.
    const wantC = (i * y.checkins) / total
    const wantS = (i * y.signups) / total
    if (c < wantC && c < y.checkins) {
      const courier = c % 6000 // couriers come back: 6,000 phones over the year
      yield [
        at,
        'checkin',
        {
          visitId: `v${c}`,
          phoneHash: hash(`phone${courier}`),
          phoneMasked: '138****0000',
          platform: PLATFORMS[c % PLATFORMS.length],
          purposes: [PURPOSES[c % PURPOSES.length], PURPOSES[(c + 2) % PURPOSES.length]],
          returning: c >= 6000,
        },
      ]
      c++
      continue
    }
    if (s < wantS && s < y.signups) {
      const week = Math.min(screenings - 1, Math.floor((s / y.signups) * screenings))
      if (s % (y.signups / screenings) < 1)
        yield [
          at,
          'screening.created',
          {
            screeningId: `w${week}`,
            title: '免费体检',
            organiser: '社区卫生服务中心',
            start: new Date(at + 3 * DAY).toISOString(),
            end: new Date(at + 3 * DAY + 3 * 3_600_000).toISOString(),
            place: '驿站活动室',
            capacity: 30,
            source: 'manager',
            by: 'manager',
          },
        ]
      yield [
        at,
        'screening.signup',
        {
          screeningId: `w${week}`,
          code: String(100000 + s).slice(-6),
          phoneHash: hash(`phone${s}`),
          phoneMasked: '139****0000',
          status: s % 40 < 30 ? 'confirmed' : 'waitlisted',
        },
      ]
      s++
      continue
    }
    yield [at, ...other(o++, at)]
  }
}

function other(o: number, at: number): [EventType, unknown] {
  const iso = new Date(at).toISOString()
  switch (o % 5) {
    case 0:
    case 1:
      return [
        'device.state',
        {
          deviceId: `d${o % 40}`,
          kind: 'temperature',
          name: '冰箱温度',
          online: true,
          lastSeen: iso,
          reading: { temperature: 3 + (o % 30) / 10 },
          battery: 90,
        },
      ]
    case 2:
      return [
        o % 2 ? 'device.online' : 'device.offline',
        { id: `d${o % 40}`, online: o % 2 === 1, at: iso, why: 'message' },
      ]
    case 3: {
      const alert = {
        id: `a${o}`,
        key: `d${o % 40}:door-open`,
        subject: `d${o % 40}`,
        subjectName: '充电柜门',
        type: 'door-open',
        severity: 'major' as const,
        state: o % 2 ? ('cleared' as const) : ('active' as const),
        since: iso,
        raisedAt: iso,
        lastAt: iso,
        count: 1,
        value: null,
        peak: null,
        ackBy: null,
        ackAt: null,
        clearedAt: o % 2 ? iso : null,
        clearedBy: o % 2 ? 'auto' : null,
        note: null,
        context: {},
      }
      return [o % 2 ? 'alert.cleared' : 'alert.raised', alert]
    }
    default:
      return ['stock.takeout', { id: 'ibuprofen', quantity: 1, source: 'kiosk' }]
  }
}

/**
 * Writes the year into `dataDir` (a new folder) through the store, and closes it. Returns how many events.
 * `days`: the span the events are spread over, ending `endsAgoMs` before now (a day's backlog: 1, 0).
 */
export async function writeYear(
  dataDir: string,
  y: Year = YEAR,
  { days = 365, endsAgoMs = DAY }: { days?: number; endsAgoMs?: number } = {},
): Promise<number> {
  let now = Date.now() - days * DAY - endsAgoMs
  const clock: Clock = { ...systemClock, now: () => now }
  const store = await Store.open({
    dataDir,
    clock,
    log: quiet,
    journalSegmentBytes: 8 * 1024 * 1024,
    history: {
      time: new StationTime(),
      retentionDays: 400,
      downsampleAfterDays: 7,
      bucketSec: 300,
      flushMs: 5000,
    },
    retention: { journalDays: 400, personalDays: 400 },
    diskAlertPercent: 99,
    snapshotEvery: 10_000_000,
  })
  let n = 0
  let group: [EventType, unknown][] = []
  const flush = async () => {
    const g = group
    group = []
    await store.commit((tx) => {
      for (const [type, data] of g) tx.append(type, data as EventData<typeof type>)
    })
  }
  for (const [at, type, data] of events(y, now, days)) {
    now = at
    group.push([type, data])
    n++
    if (group.length === 200) await flush()
  }
  await flush()
  await store.close()
  return n
}
