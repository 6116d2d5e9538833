import { describe, expect, it } from 'vitest'
import { reportRows } from '../../server/central/reports/csv.js'
import {
  averageAckMinutes,
  emptyMonth,
  type MonthFigures,
  servicesOf,
  sumMonths,
} from '../../server/central/reports/figures.js'
import type { MonthlyReport } from '../../server/central/reports/report.js'

const station = (o: { visits: number; rest: number; help: number; ackS: number[]; rentals?: number }) => {
  const f = emptyMonth()
  f.visits.total = o.visits
  f.visits.byPlatform = { meituan: o.visits }
  f.visits.byPurpose = { rest: o.rest, water: 1 }
  f.help.total = o.help
  f.lockers.rentals = o.rentals ?? 0
  f.alerts.raised = o.ackS.length + 1
  f.alerts.acknowledged = o.ackS.length
  f.alerts.ackSecondsTotal = o.ackS.reduce((a, n) => a + n, 0)
  f.alerts.ackSecondsMax = Math.max(0, ...o.ackS)
  f.services = servicesOf(f)
  return f
}

describe("a report's figures", () => {
  it('sum field by field; the longest acknowledgement is the longest, the average is time over count', () => {
    const a = station({ visits: 10, rest: 8, help: 1, ackS: [60, 600] })
    const b = station({ visits: 5, rest: 5, help: 0, ackS: [1200], rentals: 2 })
    const sum = sumMonths([a, b])
    expect(sum.visits).toEqual({
      total: 15,
      returning: 0,
      byPlatform: { meituan: 15 },
      byPurpose: { rest: 13, water: 2 },
    })
    expect(sum.services).toBe(a.services + b.services)
    expect(sum.services).toBe(13 + 2 + 1 + 2)
    expect(sum.alerts).toMatchObject({
      raised: 5,
      acknowledged: 3,
      ackSecondsTotal: 1860,
      ackSecondsMax: 1200,
    })
    expect(averageAckMinutes(sum)).toBe(10.3)
    expect(averageAckMinutes(emptyMonth())).toBeNull()
    // Summing leaves its parts as they were.
    expect(a.visits.total).toBe(10)
  })

  it('make CSV rows with a header first and a cell per column, month in no cell', () => {
    const f: MonthFigures = station({ visits: 3, rest: 3, help: 0, ackS: [] })
    const report: MonthlyReport = {
      month: '2026-11',
      district: '东城区',
      scope: { kind: 'station', id: 'a-1' },
      title: '东四街道 朝西社区 驿站',
      generatedAt: '2026-12-01T00:00:00.000Z',
      lines: [
        {
          level: 'station',
          street: '东四街道',
          community: '朝西社区',
          stationId: 'a-1',
          name: '驿站',
          figures: f,
        },
      ],
      total: f,
      platforms: ['meituan'],
      purposes: ['rest', 'water'],
    }
    const [head, row] = reportRows(report)
    expect(head?.slice(0, 9)).toEqual([
      '层级',
      '街道',
      '社区',
      '站点编号',
      '站点',
      '签到人次',
      '回访人次',
      '平台:美团',
      '事由:歇脚休息',
    ])
    expect(row?.length).toBe(head?.length)
    expect(row?.slice(0, 6)).toEqual(['站点', '东四街道', '朝西社区', 'a-1', '驿站', 3])
    expect(row).not.toContain('2026-11')
  })
})
