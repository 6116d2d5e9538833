import { afterEach, describe, expect, it } from 'vitest'
import { agoWords, setLang, tables } from '../../kiosk-ui/src/district/i18n.js'
import { newsOf } from '../../kiosk-ui/src/district/live.js'
import { attention, districtTree, escalatedBy } from '../../kiosk-ui/src/district/overview-model.js'
import { emptyDraft, publishBody, stationIso } from '../../kiosk-ui/src/district/publish-form.js'
import { parseHash } from '../../kiosk-ui/src/district/route.js'
import type { DistrictAlert, Station } from '../../kiosk-ui/src/district/types.js'

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

function station(id: string, street: string, community: string, o: Partial<Station> = {}): Station {
  return {
    id,
    name: `${id}驿站`,
    street,
    community,
    timeZone: 'Asia/Shanghai',
    online: true,
    lastSeen: null,
    stateAt: null,
    lastBirth: null,
    revoked: false,
    committed: 0,
    head: 0,
    backlog: 0,
    openAlerts: { total: 0, critical: 0, major: 0, minor: 0, warning: 0 },
    devices: { total: 3, offline: 0 },
    restockNeeded: 0,
    fridge: { temperature: 4, offline: false, alert: false },
    today: { day: '2026-12-03', checkins: 0, help: 0 },
    ...o,
  }
}
const alert = (stationId: string, alertId: string, o: Partial<DistrictAlert> = {}) =>
  ({ stationId, alertId, severity: 'critical', state: 'active', escalatedAt: null, ...o }) as DistrictAlert

const ALL = [
  station('b', '东四街道', '史家社区', { today: { day: '2026-12-03', checkins: 9, help: 0 } }),
  station('a', '北新桥街道', '民安社区'),
  station('c', '东四街道', '朝西社区', { online: false }),
  station('d', '东四街道', '史家社区', { restockNeeded: 2 }),
]
const view = { sort: 'place' as const, onlyAttention: false, search: '' }

describe('the district page', () => {
  afterEach(() => setLang('zh-CN'))

  it('has every key in both languages with the same parameters', () => {
    expect(Object.keys(tables.en).sort()).toEqual(Object.keys(tables['zh-CN']).sort())
    for (const [key, zh] of Object.entries(tables['zh-CN']))
      expect(params(tables.en[key as keyof typeof tables.en]), key).toEqual(params(zh))
  })

  it('groups stations street → community → station', () => {
    const tree = districtTree(ALL, new Map(), view)
    expect(tree.map((s) => s.name)).toEqual(['北新桥街道', '东四街道'])
    const east = tree[1]
    expect(east?.communities.map((c) => [c.name, c.stations.map((s) => s.id)])).toEqual([
      // In pinyin order, as Chinese readers sort: 朝 (cháo) before 史 (shǐ).
      ['朝西社区', ['c']],
      ['史家社区', ['b', 'd']],
    ])
    expect(east?.stations).toBe(3)
  })

  it('puts a dark station first, then alerts and restocks; filters to those needing attention; searches', () => {
    const tree = districtTree(ALL, new Map(), { ...view, sort: 'attention' })
    expect(tree[0]?.communities[0]?.stations[0]?.id).toBe('c')
    expect(attention(ALL[2] as Station)).toBeGreaterThan(attention(ALL[3] as Station))
    const only = districtTree(ALL, new Map(), { ...view, onlyAttention: true })
    expect(only.flatMap((s) => s.communities.flatMap((c) => c.stations.map((x) => x.id))).sort()).toEqual([
      'c',
      'd',
    ])
    expect(districtTree(ALL, new Map(), { ...view, search: 'b驿' })[0]?.communities[0]?.stations[0]?.id).toBe(
      'b',
    )
    const visits = districtTree(ALL, new Map(), { ...view, sort: 'visits' })
    expect(visits[0]?.communities[0]?.stations[0]?.id).toBe('b')
    expect(escalatedBy([alert('a', '1', { escalatedAt: 'x' }), alert('a', '2')]).get('a')).toBe(1)
  })

  it('tells a station going dark and a new critical alert, not one already shown', () => {
    const on = station('a', 's', 'c')
    const off = { ...on, online: false }
    expect(newsOf(on, [], off, []).dark).toBe(off)
    expect(newsOf(off, [], off, []).dark).toBeUndefined()
    expect(newsOf(on, [], on, [alert('a', 'x')]).critical?.alertId).toBe('x')
    expect(newsOf(on, [alert('a', 'x')], on, [alert('a', 'x')]).critical).toBeUndefined()
    expect(newsOf(on, [], on, [alert('a', 'y', { severity: 'major' })]).critical).toBeUndefined()
  })

  it('reads hashes, relative times, and station times with their offset', () => {
    expect(parseHash('#station/ds-0001')).toEqual({ tab: 'overview', station: 'ds-0001' })
    expect(parseHash('#alerts')).toEqual({ tab: 'alerts', station: null })
    expect(parseHash('#nope')).toEqual({ tab: 'overview', station: null })
    const now = Date.UTC(2026, 11, 3, 8)
    expect(agoWords(new Date(now - 12 * 60_000).toISOString(), now)).toBe('12分钟前')
    setLang('en')
    expect(agoWords(new Date(now - 2 * 3_600_000).toISOString(), now)).toBe('2 hours ago')
    expect(stationIso('2026-12-05T09:00', 'Asia/Shanghai')).toBe('2026-12-05T09:00:00+08:00')
    const body = publishBody(
      {
        ...emptyDraft(),
        kind: 'job-fair',
        title: ' 春风行动招聘会 ',
        start: '2026-12-05T09:00',
        end: '2026-12-05T12:00',
        streets: ['东四街道'],
      },
      'p-1',
    )
    expect(body).toMatchObject({
      id: 'p-1',
      kind: 'job-fair',
      title: '春风行动招聘会',
      streets: ['东四街道'],
      start: '2026-12-05T09:00:00+08:00',
    })
  })
})
